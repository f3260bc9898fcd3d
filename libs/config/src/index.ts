export { ConfigError, loadConfig } from './load-config';
export {
  baseEnvSchema,
  databaseName,
  envInt,
  envPort,
  envUrl,
  logLevelSchema,
  nodeEnvSchema,
  type BaseEnv,
} from './env-schemas';
export { trustProxySchema, WIDEST_TRUSTED_PREFIX } from './trust-proxy';
export {
  estimatedEntropyBits,
  MIN_KEY_ENTROPY_BITS,
  PUBLISHED_SECRET_VALUES,
  refusePublishedSecretsInProduction,
  type SecretRule,
} from './secrets';
