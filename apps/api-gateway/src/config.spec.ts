import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@medicalink/config';
import { loadGatewayConfig } from './config';

const SECRET = randomBytes(48).toString('base64');
const PUBLISHED_SECRET = 'dev-only-change-me-0123456789abcdef';

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
  it('fills in the auth and rate-limit defaults, listening on loopback', () => {
    expect(loadGatewayConfig({ JWT_SECRET: SECRET })).toMatchObject({
      HTTP_HOST: '127.0.0.1',
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

  it('fails on a JWT_SECRET that is not 32 random bytes as hex or base64, without printing it', () => {
    const message = problemsOf({ JWT_SECRET: 'a-test-secret-that-is-long-enough-0123' });

    expect(message).toContain(
      'JWT_SECRET: must be at least 32 random bytes written as hex or base64',
    );
    expect(message).not.toContain('a-test-secret');
    expect(problemsOf({ JWT_SECRET: randomBytes(24).toString('base64') })).toMatch(
      /JWT_SECRET: holds 24 bytes/,
    );
  });

  it('takes the .env.example secret only while listening on loopback, outside production', () => {
    const env = { JWT_SECRET: PUBLISHED_SECRET };

    expect(loadGatewayConfig(env).JWT_SECRET).toBe(PUBLISHED_SECRET);
    expect(loadGatewayConfig({ ...env, HTTP_HOST: '::1' }).JWT_SECRET).toBe(PUBLISHED_SECRET);
    expect(problemsOf({ ...env, HTTP_HOST: '0.0.0.0' })).toContain(
      'JWT_SECRET: is a value published in the repository',
    );
    expect(problemsOf({ ...env, NODE_ENV: 'production' })).toContain(
      'JWT_SECRET: is a value published in the repository',
    );
  });

  it('refuses the published bootstrap password beyond loopback too: logins reach it through the gateway', () => {
    const env = { JWT_SECRET: SECRET, BOOTSTRAP_ADMIN_PASSWORD: 'ChangeMe-dev-only-123' };

    expect(loadGatewayConfig(env).HTTP_HOST).toBe('127.0.0.1');
    expect(problemsOf({ ...env, HTTP_HOST: '0.0.0.0' })).toContain(
      'BOOTSTRAP_ADMIN_PASSWORD: is a value published in the repository',
    );
  });

  it('takes a secret of its own on any interface', () => {
    expect(loadGatewayConfig({ JWT_SECRET: SECRET, HTTP_HOST: '0.0.0.0' }).HTTP_HOST).toBe(
      '0.0.0.0',
    );
  });
});
