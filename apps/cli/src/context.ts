import {
  createMedicaLinkClient,
  type MedicaLinkClient,
  type MedicaLinkClientConfig,
} from '@medicalink/sdk';
import { configDir, loadCliConfig, type CliEnv } from './config';
import type { Io } from './output';
import { SessionStore } from './session-store';

/** The options every command accepts. */
export interface GlobalOptions {
  url?: string;
  json?: boolean;
  timeout?: string;
}

export interface CommandContext {
  env: CliEnv;
  io: Io;
  json: boolean;
  url: string;
  store: SessionStore;
  /** a client for the gateway: MEDICALINK_TOKEN, else credentials from the env, else the stored token */
  client(overrides?: Partial<MedicaLinkClientConfig>): Promise<MedicaLinkClient>;
}

export function commandContext(
  options: GlobalOptions,
  io: Io,
  clients: MedicaLinkClient[],
): CommandContext {
  const env = loadCliConfig();
  const url = (options.url ?? env.MEDICALINK_URL).replace(/\/+$/, '');
  const store = new SessionStore(configDir(env));
  const timeout = options.timeout === undefined ? undefined : Number(options.timeout);
  return {
    env,
    io,
    json: options.json === true,
    url,
    store,
    async client(overrides = {}) {
      const credentials =
        env.MEDICALINK_EMAIL && env.MEDICALINK_PASSWORD
          ? { email: env.MEDICALINK_EMAIL, password: env.MEDICALINK_PASSWORD }
          : undefined;
      const token =
        env.MEDICALINK_TOKEN ?? (credentials ? undefined : (await store.read(url))?.token);
      const client = createMedicaLinkClient({
        baseUrl: url,
        ...(token ? { token } : {}),
        ...(credentials ? { credentials } : {}),
        ...(timeout !== undefined && Number.isFinite(timeout) ? { timeout } : {}),
        ...overrides,
      });
      clients.push(client);
      return client;
    },
  };
}
