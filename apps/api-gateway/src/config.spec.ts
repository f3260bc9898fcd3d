import { describe, expect, it } from 'vitest';
import { ConfigError } from '@medicalink/config';
import { loadGatewayConfig } from './config';

const SECRET = 'a-test-secret-that-is-long-enough-0123';

function problemsOf(env: Record<string, string>): string {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected loadGatewayConfig to throw');
}

describe('loadGatewayConfig', () => {
  it('fills in the auth and rate-limit defaults', () => {
    expect(loadGatewayConfig({ JWT_SECRET: SECRET })).toMatchObject({
      JWT_SECRET: SECRET,
      JWT_EXPIRES_IN_SEC: 900,
      LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL: 5,
      LOGIN_FAILURES_PER_EMAIL: 50,
      LOGIN_FAILURES_PER_ADDRESS: 20,
      LOGIN_RATE_WINDOW_SEC: 60,
    });
  });

  it('fails naming JWT_SECRET when it is missing', () => {
    expect(problemsOf({})).toMatch(/JWT_SECRET: is required .*\(missing\)/);
  });

  it('fails on a short JWT_SECRET without printing it', () => {
    const message = problemsOf({ JWT_SECRET: 'short-secret' });

    expect(message).toContain('JWT_SECRET: must be at least 32 characters (value hidden)');
    expect(message).not.toContain('short-secret');
  });

  it('refuses the .env.example secret in production only', () => {
    const env = { JWT_SECRET: 'dev-only-change-me-0123456789abcdef' };

    expect(loadGatewayConfig(env).JWT_SECRET).toBe(env.JWT_SECRET);
    expect(problemsOf({ ...env, NODE_ENV: 'production' })).toContain(
      'JWT_SECRET: is a value published in the repository',
    );
  });

  it('refuses a low-entropy JWT_SECRET in production, naming it', () => {
    const message = problemsOf({ JWT_SECRET: 'x'.repeat(32), NODE_ENV: 'production' });

    expect(message).toMatch(/JWT_SECRET: has too little entropy/);
    expect(message).not.toContain('xxxx');
  });
});
