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
  isLoopbackHost,
  keyBytes,
  keyProblem,
  MIN_KEY_BYTES,
  PUBLISHED_SECRET_VALUES,
  refuseUnsafeSecrets,
  type SecretRule,
} from './secrets';
