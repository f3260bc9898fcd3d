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
