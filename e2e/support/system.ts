import { beforeEach, inject } from 'vitest';
import {
  createTestNamespace,
  MEDICALINK_APPS,
  startSystem as startTestSystem,
  type MedicalinkApp,
  type TestSystem,
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
  // Tests stand in for a proxy on loopback: X-Forwarded-For picks each test's rate-limit bucket.
  TRUST_PROXY: '127.0.0.1,::1',
  PASSWORD_HASH_COST: '4096',
};

export type RunningSystem = TestSystem;

/** Starts all six apps from dist/ as processes, in a fresh namespace, on ports the OS picks. */
export function startSystem(extraEnv: Record<string, string> = {}): Promise<RunningSystem> {
  return startTestSystem({
    namespace: createTestNamespace(inject('infrastructure'), 'e2e'),
    admin: { ...E2E_ADMIN },
    env: { ...AUTH_ENV, ...extraEnv },
  });
}

/**
 * What the shared system changes from the defaults: its files run one after another against the
 * same counters, and none of them tests a limit (auth and security start their own systems).
 */
const SHARED_ENV: Record<string, string> = {
  RATE_LIMIT_PER_TOKEN: '1000000',
  RATE_LIMIT_PER_ADDRESS: '1000000',
  LOGIN_FAILURES_PER_ADDRESS: '100000',
  LOGIN_FAILURES_PER_EMAIL: '100000',
};

type WorkerState = { onCleanup?: (listener: () => Promise<void>) => void };
let shared: Promise<RunningSystem> | undefined;

/**
 * The system this vitest worker's files share: started by the first file that asks, stopped
 * when the worker ends. A worker runs its files one after another (the e2e project does not
 * isolate them), so a file has the system to itself while it runs; it leaves data behind for
 * the next file, so a sharing file finds its own rows (unique names, ids it made) and never
 * counts what it did not make, stops no app and needs no setting of its own. One start
 * (about 5 s of CPU for six apps) instead of one per file. Release it with releaseSystem().
 */
export function sharedSystem(): Promise<RunningSystem> {
  // vitest's worker state (an internal of vitest 4): its cleanup listeners run when the worker
  // ends, awaited. Without it, each file gets a system of its own, stopped by releaseSystem().
  const worker = (globalThis as { __vitest_worker__?: WorkerState }).__vitest_worker__;
  if (typeof worker?.onCleanup !== 'function') return startSystem();
  const onCleanup = worker.onCleanup.bind(worker);
  if (!shared) {
    const starting = startSystem(SHARED_ENV).then((system) => {
      onCleanup(() => system.stop());
      return system;
    });
    starting.catch(() => {
      if (shared === starting) shared = undefined; // the next file tries again
    });
    shared = starting;
  }
  return shared.then(restartStoppedApps);
}

/** An app a failed file left stopped is started again, so one failure does not cascade. */
async function restartStoppedApps(system: RunningSystem): Promise<RunningSystem> {
  for (const [app, proc] of system.apps) if (!proc.alive()) await system.start(app);
  return system;
}

/** For afterAll: stops a file's own system; the shared one stays up for the next file. */
export async function releaseSystem(system: RunningSystem | undefined): Promise<void> {
  if (!system || (shared && system === (await shared.catch(() => undefined)))) return;
  await system.stop();
}

/**
 * After a failed test, prints what each app of the system said (apps log warnings and
 * errors in tests), so a failure that only shows up under load explains itself in CI.
 */
export function printAppOutputOnFailure(current: () => RunningSystem | undefined): void {
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      const system = current();
      if (system) process.stderr.write(`${system.output()}\n`);
    });
  });
}
