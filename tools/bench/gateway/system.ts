import { randomBytes } from 'node:crypto';
import {
  createTestNamespace,
  findInfrastructure,
  MEDICALINK_APPS,
  type ChildApp,
  type MedicalinkApp,
  gatewayClient,
  spawnApp,
} from '@medicalink/testing';

export const APPS = MEDICALINK_APPS;
export type AppName = MedicalinkApp;

/** The bench's own secret and admin: a fresh pair per run, never a deployment's. */
const BENCH_ADMIN_EMAIL = 'bench-admin@medicalink.local';

export interface BenchSystem {
  gatewayUrl: string;
  rabbitmqUrl: string;
  /** the orchestrator's HTTP base (for /metrics), when this run started it */
  orchestratorUrl?: string;
  /** a token of the admin (admin privilege: may create doctors and bypass the cache) */
  token: string;
  /** the admin's sign-in, for a bench that signs in the way a person does (the console) */
  admin?: { email: string; password: string };
  apps: ReadonlyMap<AppName, ChildApp>;
  /**
   * Stops one app and starts it again with `extraEnv` on top of its settings; resolves with its
   * new URL once it is up. Refused for a system this run did not start.
   */
  restart(app: AppName, extraEnv: Record<string, string>): Promise<string>;
  /** stops every app (SIGTERM) and deletes the namespace; idempotent */
  stop(): Promise<void>;
}

/** Everything started so far, so an interrupted start-up is cleaned up too. */
export interface StartTracker {
  onStop(stop: () => Promise<void>): void;
}

/**
 * Starts the six apps from dist/ in a fresh namespace on ports the OS picks (the way
 * e2e/support/system.ts does), then logs in as the bootstrap admin.
 */
export async function startBenchSystem(
  tracker: StartTracker,
  options: { profiledApps: ReadonlySet<string>; profileFlags: (app: string) => string[] },
): Promise<BenchSystem> {
  const infrastructure = await findInfrastructure();
  const namespace = createTestNamespace(infrastructure.infrastructure, 'gwbench');
  const apps = new Map<AppName, ChildApp>();
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all([...apps.values()].map((app) => app.stop()));
      await namespace.cleanup();
      await infrastructure.stop();
    })();
    return stopping;
  };
  tracker.onStop(stop);

  const adminPassword = `Bench-${randomBytes(12).toString('hex')}`;
  const env = namespace.env({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(48).toString('base64'),
    SAGA_INPUT_KEY: randomBytes(32).toString('hex'),
    // the bench measures the request path, not the limiter: far above what it sends
    RATE_LIMIT_PER_TOKEN: '10000000',
    RATE_LIMIT_PER_ADDRESS: '10000000',
    BOOTSTRAP_ADMIN_EMAIL: BENCH_ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    PASSWORD_HASH_COST: '1024',
  });
  for (const app of APPS) apps.set(app, spawnApp(app, env, options.profileFlags(app)));
  const urls = Object.fromEntries(
    await Promise.all(APPS.map(async (app) => [app, await apps.get(app)!.up(60_000)] as const)),
  ) as Record<AppName, string>;
  const profiled = [...options.profiledApps].filter((app) => apps.has(app as AppName));
  process.stderr.write(
    `namespace ${namespace.id}: ${APPS.map((app) => `${app} ${urls[app]}`).join(', ')}` +
      `${profiled.length > 0 ? ` (cpu-profiled: ${profiled.join(', ')})` : ''}\n`,
  );
  const gatewayUrl = urls['api-gateway'];
  const system: BenchSystem = {
    gatewayUrl,
    rabbitmqUrl: infrastructure.infrastructure.rabbitmqUrl,
    orchestratorUrl: urls.orchestrator,
    token: await login(gatewayUrl, BENCH_ADMIN_EMAIL, adminPassword),
    admin: { email: BENCH_ADMIN_EMAIL, password: adminPassword },
    apps,
    restart: async (app, extraEnv) => {
      await apps.get(app)?.stop();
      const child = spawnApp(app, { ...env, ...extraEnv }, options.profileFlags(app));
      apps.set(app, child);
      const url = await child.up(60_000);
      if (app === 'orchestrator') system.orchestratorUrl = url;
      return url;
    },
    stop,
  };
  return system;
}

/** BENCH_GATEWAY_URL + BENCH_TOKEN: a gateway someone else runs (nothing to start or stop). */
export function externalSystem(gatewayUrl: string, token: string): BenchSystem {
  return {
    gatewayUrl: gatewayUrl.replace(/\/+$/, ''),
    rabbitmqUrl: process.env['RABBITMQ_URL'] || 'amqp://guest:guest@127.0.0.1:5672',
    token,
    apps: new Map(),
    restart: () => Promise.reject(new Error('cannot restart the apps of BENCH_GATEWAY_URL')),
    stop: async () => undefined,
  };
}

async function login(gatewayUrl: string, email: string, password: string): Promise<string> {
  const { status, body } = await request(gatewayUrl, 'POST', '/auth/login', {
    body: { email, password },
  });
  const token = (body as { accessToken?: unknown } | undefined)?.accessToken;
  if (status !== 200 || typeof token !== 'string')
    throw new Error(`admin login failed: ${status} ${JSON.stringify(body)}`);
  return token;
}

/** One gateway request, for the bench's set-up steps. */
export function request(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  return gatewayClient(baseUrl).call<unknown>(method, path, options);
}
