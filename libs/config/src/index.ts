export { ConfigError, loadConfig } from './load-config';
export {
  baseEnvSchema,
  databaseName,
  envInt,
  envPort,
  envUrl,
  logLevelSchema,
  nodeEnvSchema,
  trustProxySchema,
  type BaseEnv,
} from './env-schemas';
export {
  estimatedEntropyBits,
  MIN_KEY_ENTROPY_BITS,
  PUBLISHED_SECRET_VALUES,
  refusePublishedSecretsInProduction,
  type SecretRule,
} from './secrets';
