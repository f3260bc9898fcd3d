import { beforeEach, inject } from 'vitest';
import {
  createTestNamespace,
  freePort,
  spawnApp,
  type ChildApp,
  type TestNamespace,
  APP_PORT_VARIABLES,
  MEDICALINK_APPS,
  type MedicalinkApp,
} from '@medicalink/testing';

export const APPS = MEDICALINK_APPS;
export type AppName = MedicalinkApp;
const PORT_VARIABLES = APP_PORT_VARIABLES;

/** Auth settings every e2e system gets (tests may override them through extraEnv). */
export const E2E_JWT_SECRET = 'e2e-only-jwt-secret-0123456789abcdef-not-for-production';
export const E2E_ADMIN = {
  email: 'admin@medicalink.local',
  password: 'E2e-bootstrap-admin-password-0123',
} as const;
const AUTH_ENV: Record<string, string> = {
  JWT_SECRET: E2E_JWT_SECRET,
  BOOTSTRAP_ADMIN_EMAIL: E2E_ADMIN.email,
  BOOTSTRAP_ADMIN_PASSWORD: E2E_ADMIN.password,
  // Tests stand in for a proxy: X-Forwarded-For picks each test's rate-limit bucket.
  TRUST_PROXY: 'true',
  PASSWORD_HASH_COST: '4096',
};

export interface RunningSystem {
  namespace: TestNamespace;
  gatewayUrl: string;
  apps: Map<AppName, ChildApp>;
  ports: Record<AppName, number>;
  stop(): Promise<void>;
}

/** Starts all six apps from dist/ as processes, in a fresh namespace, on free ports. */
export async function startSystem(extraEnv: Record<string, string> = {}): Promise<RunningSystem> {
  const namespace = createTestNamespace(inject('infrastructure'), 'e2e');
  const ports = {} as Record<AppName, number>;
  for (const app of APPS) ports[app] = await freePort();
  const env = namespace.env({
    ...Object.fromEntries(APPS.map((app) => [PORT_VARIABLES[app], String(ports[app])])),
    ...AUTH_ENV,
    ...extraEnv,
  });
  const apps = new Map<AppName, ChildApp>();
  for (const app of APPS) apps.set(app, spawnApp(app, env));
  await Promise.all(
    APPS.map((app) => apps.get(app)!.waitForHttp(`http://127.0.0.1:${ports[app]}/health`)),
  );
  return {
    namespace,
    gatewayUrl: `http://127.0.0.1:${ports['api-gateway']}`,
    apps,
    ports,
    stop: async () => {
      await Promise.all([...apps.values()].map((app) => app.stop('SIGTERM')));
      await namespace.cleanup();
    },
  };
}

/**
 * After a failed test, prints what each app of the system said (apps log warnings and
 * errors in tests), so a failure that only shows up under load explains itself in CI.
 */
export function printAppOutputOnFailure(current: () => RunningSystem | undefined): void {
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const app of current()?.apps.values() ?? []) {
        const { exitCode, signalCode } = app.child;
        const state =
          exitCode === null && signalCode === null
            ? 'running'
            : `exited (${exitCode ?? signalCode})`;
        process.stderr.write(`--- ${app.name}, ${state}:\n${app.output().slice(-4_000)}\n`);
      }
    });
  });
}
