/**
 * The gateway the HTTP benches (bench:gateway, bench:sdk, bench:product) load: the six apps
 * started for the run, or one someone else runs (BENCH_GATEWAY_URL + BENCH_TOKEN).
 */
import {
  createSystem,
  gatewayClient,
  type ChildApp,
  type MedicalinkApp,
} from '@medicalink/testing';

export interface GatewayTarget {
  gatewayUrl: string;
  rabbitmqUrl: string;
  /** the orchestrator's HTTP base (for /metrics), when this run started the system */
  orchestratorUrl?: string;
  /** a token of the bootstrap main account (may create doctors and bypass the cache) */
  token: string;
  /** that account's sign-in, for a bench that signs in the way a person does (the console) */
  admin?: { email: string; password: string };
  /** the processes this run started (none for an external gateway) */
  apps: ReadonlyMap<MedicalinkApp, ChildApp>;
  /**
   * Stops one app and starts it again with `extraEnv` on top of its settings; resolves with its
   * new URL once it is up. Refused for a gateway this run did not start.
   */
  restart(app: MedicalinkApp, extraEnv: Record<string, string>): Promise<string>;
  /** stops what this run started and removes its namespace; idempotent */
  stop(): Promise<void>;
}

/** Settings of a system a bench starts: production mode, limits far above what it sends. */
const BENCH_ENV = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_TOKEN: '10000000',
  RATE_LIMIT_PER_ADDRESS: '10000000',
};

/**
 * Starts the six apps (libs/testing's system) and logs in. `onStop` hears how to stop them
 * before anything starts, so an interrupted start-up is cleaned up too.
 */
export async function startGatewayTarget(options: {
  onStop: (stop: () => Promise<void>) => void;
  /** node flags per app, e.g. --cpu-prof for the apps named in BENCH_PROFILE */
  profileFlags?: (app: string) => string[];
}): Promise<GatewayTarget> {
  const { profileFlags } = options;
  const system = await createSystem({
    label: 'bench',
    env: BENCH_ENV,
    // a restarted app (`orchestrator#2`) is profiled as its app
    ...(profileFlags ? { nodeFlags: (label: string) => profileFlags(label.split('#')[0]!) } : {}),
  });
  options.onStop(() => system.stop());
  await system.startApps();
  const urls = system.urls;
  const profiled = system.processes.filter((p) => (options.profileFlags?.(p.label) ?? []).length);
  process.stderr.write(
    `namespace ${system.namespace.id}: ${system.processes.map((p) => `${p.label} ${p.url}`).join(', ')}` +
      `${profiled.length > 0 ? ` (cpu-profiled: ${profiled.map((p) => p.label).join(', ')})` : ''}\n`,
  );
  const target: GatewayTarget = {
    gatewayUrl: system.gatewayUrl,
    rabbitmqUrl: system.infrastructure.rabbitmqUrl,
    ...(urls.orchestrator ? { orchestratorUrl: urls.orchestrator } : {}),
    token: await system.token(),
    admin: system.admin,
    get apps() {
      return system.apps;
    },
    restart: async (app, extraEnv) => {
      await system.kill(app, 'SIGTERM');
      const { url } = await system.start(app, { env: extraEnv });
      if (app === 'orchestrator') target.orchestratorUrl = url;
      return url;
    },
    stop: () => system.stop(),
  };
  return target;
}

/** BENCH_GATEWAY_URL + BENCH_TOKEN: a gateway someone else runs (nothing to start or stop). */
export function externalGatewayTarget(gatewayUrl: string, token: string): GatewayTarget {
  return {
    gatewayUrl: gatewayUrl.replace(/\/+$/, ''),
    rabbitmqUrl: process.env['RABBITMQ_URL'] || 'amqp://guest:guest@127.0.0.1:5672',
    token,
    apps: new Map(),
    restart: () => Promise.reject(new Error('cannot restart the apps of BENCH_GATEWAY_URL')),
    stop: async () => undefined,
  };
}

/** One gateway request, for a bench's set-up steps. */
export function request(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  return gatewayClient(baseUrl).call<unknown>(method, path, options);
}
