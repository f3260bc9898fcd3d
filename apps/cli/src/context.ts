import type { Command } from 'commander';
import {
  createMedicaLinkClient,
  type MedicaLinkClient,
  type MedicaLinkClientConfig,
} from '@medicalink/sdk';
import { configDir, loadCliConfig, type CliEnv } from './config';
import type { Io } from './output';
import { SessionStore, type StoredSession } from './session-store';

/** How a command registers its action (main.ts builds the context and records the exit status). */
export type Run = (
  command: Command,
  action: (ctx: CommandContext, ...args: never[]) => Promise<number>,
) => void;

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
  /**
   * A client for the gateway: MEDICALINK_TOKEN, else credentials from the env, else the
   * session `login` stored (renewed silently, every renewal saved back).
   */
  client(overrides?: Partial<MedicaLinkClientConfig>): Promise<MedicaLinkClient>;
  /** a client with exactly this configuration (and the gateway, the timeout) */
  newClient(config: MedicaLinkClientConfig): MedicaLinkClient;
  /** a client on the stored session only (logout), or undefined when there is none */
  storedSessionClient(): Promise<{ client: MedicaLinkClient; session: StoredSession } | undefined>;
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
  const make = (config: MedicaLinkClientConfig) => {
    const client = createMedicaLinkClient({
      baseUrl: url,
      ...(timeout !== undefined && Number.isFinite(timeout) ? { timeout } : {}),
      ...config,
    });
    clients.push(client);
    return client;
  };
  const fromSession = (session: StoredSession): MedicaLinkClientConfig => ({
    ...(session.accessToken && { token: session.accessToken }),
    ...(session.refreshToken && { refreshToken: session.refreshToken }),
    tokenStore: store.tokenStore(url, session.email, session.remember),
  });
  return {
    env,
    io,
    json: options.json === true,
    url,
    store,
    newClient: make,
    async client(overrides = {}) {
      if (env.MEDICALINK_TOKEN) return make({ token: env.MEDICALINK_TOKEN, ...overrides });
      if (env.MEDICALINK_EMAIL && env.MEDICALINK_PASSWORD) {
        const credentials = { email: env.MEDICALINK_EMAIL, password: env.MEDICALINK_PASSWORD };
        return make({ credentials, ...overrides });
      }
      const session = await store.read(url);
      return make({ ...(session && fromSession(session)), ...overrides });
    },
    async storedSessionClient() {
      const session = await store.read(url);
      return session ? { client: make(fromSession(session)), session } : undefined;
    },
  };
}
