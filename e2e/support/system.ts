import { beforeEach, inject } from 'vitest';
import {
  createTestNamespace,
  startApp,
  type ChildApp,
  type TestNamespace,
  MEDICALINK_APPS,
  type MedicalinkApp,
} from '@medicalink/testing';

export const APPS = MEDICALINK_APPS;
export type AppName = MedicalinkApp;

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
  // Tests stand in for a proxy on loopback: X-Forwarded-For picks each test's rate-limit bucket.
  TRUST_PROXY: '127.0.0.1,::1',
  PASSWORD_HASH_COST: '4096',
};

export interface RunningSystem {
  namespace: TestNamespace;
  gatewayUrl: string;
  apps: Map<AppName, ChildApp>;
  /** each app's own HTTP address (/health, /metrics) */
  urls: Record<AppName, string>;
  stop(): Promise<void>;
}

/** Starts all six apps from dist/ as processes, in a fresh namespace, on ports the OS picks. */
export async function startSystem(extraEnv: Record<string, string> = {}): Promise<RunningSystem> {
  const namespace = createTestNamespace(inject('infrastructure'), 'e2e');
  const env = namespace.env({ ...AUTH_ENV, ...extraEnv });
  const results = await Promise.allSettled(APPS.map((app) => startApp(app, env)));
  const started = results.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(started.map(({ app }) => app.stop('SIGKILL')));
    await namespace.cleanup();
    throw failure.reason;
  }
  const apps = new Map<AppName, ChildApp>();
  const urls = {} as Record<AppName, string>;
  APPS.forEach((app, i) => {
    apps.set(app, started[i]!.app);
    urls[app] = started[i]!.url;
  });
  return {
    namespace,
    gatewayUrl: urls['api-gateway'],
    apps,
    urls,
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
