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
