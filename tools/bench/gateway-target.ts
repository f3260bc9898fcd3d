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
  /** the processes this run started (none for an external gateway) */
  apps: ReadonlyMap<MedicalinkApp, ChildApp>;
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
  const system = await createSystem({
    label: 'bench',
    env: BENCH_ENV,
    ...(options.profileFlags ? { nodeFlags: options.profileFlags } : {}),
  });
  options.onStop(() => system.stop());
  await system.startApps();
  const urls = system.urls;
  const profiled = system.processes.filter((p) => (options.profileFlags?.(p.label) ?? []).length);
  process.stderr.write(
    `namespace ${system.namespace.id}: ${system.processes.map((p) => `${p.label} ${p.url}`).join(', ')}` +
      `${profiled.length > 0 ? ` (cpu-profiled: ${profiled.map((p) => p.label).join(', ')})` : ''}\n`,
  );
  return {
    gatewayUrl: system.gatewayUrl,
    rabbitmqUrl: system.infrastructure.rabbitmqUrl,
    ...(urls.orchestrator ? { orchestratorUrl: urls.orchestrator } : {}),
    token: await system.token(),
    apps: system.apps,
    stop: () => system.stop(),
  };
}

/** BENCH_GATEWAY_URL + BENCH_TOKEN: a gateway someone else runs (nothing to start or stop). */
export function externalGatewayTarget(gatewayUrl: string, token: string): GatewayTarget {
  return {
    gatewayUrl: gatewayUrl.replace(/\/+$/, ''),
    rabbitmqUrl: process.env['RABBITMQ_URL'] || 'amqp://guest:guest@127.0.0.1:5672',
    token,
    apps: new Map(),
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
