import { baseEnvSchema, loadConfig, type BaseEnv } from '@medicalink/config';
import { retryDelays } from '@medicalink/messaging';
import { stringify } from 'yaml';
import type { AsyncApiOptions } from './asyncapi-document';

/** The system's version, shown in the document. */
export const SYSTEM_VERSION = '0.1.0';

/** The options of a deployment's settings; with no settings, the defaults (the committed file). */
export function defaultAsyncApiOptions(
  env: BaseEnv = loadConfig(baseEnvSchema, {}),
): AsyncApiOptions {
  return {
    version: SYSTEM_VERSION,
    // not the deployment's broker: the document is public, its internal host names are not
    brokerHost: 'localhost:5672',
    prefix: env.MESSAGING_PREFIX,
    queueType: env.MESSAGING_QUEUE_TYPE,
    retryDelaysMs: retryDelays({
      maxAttempts: env.EVENT_MAX_ATTEMPTS,
      baseDelayMs: env.EVENT_RETRY_BASE_MS,
      maxDelayMs: env.EVENT_RETRY_MAX_MS,
    }),
  };
}

/** The document as YAML, as committed in docs/asyncapi.yaml. */
export function asyncApiYaml(document: object): string {
  return stringify(document, { lineWidth: 100, aliasDuplicateObjects: false });
}
