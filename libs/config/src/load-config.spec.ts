import { describe, expect, it } from 'vitest';
import { baseEnvSchema } from './env-schemas';
import { ConfigError, loadConfig } from './load-config';

function configErrorFrom(env: Record<string, string>): ConfigError {
  try {
    loadConfig(baseEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig with baseEnvSchema', () => {
  it('fills in defaults for an empty environment', () => {
    const config = loadConfig(baseEnvSchema, {});

    expect(config).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
      MESSAGING_PREFIX: 'medicalink',
      RPC_TIMEOUT_MS: 5_000,
      EVENT_MAX_ATTEMPTS: 5,
      FAULT_INJECTION: '',
    });
  });

  it('coerces numeric variables from strings', () => {
    expect(loadConfig(baseEnvSchema, { RPC_TIMEOUT_MS: '250' }).RPC_TIMEOUT_MS).toBe(250);
  });

  it('rejects a RABBITMQ_URL with the wrong protocol, naming the variable but not the value', () => {
    const error = configErrorFrom({ RABBITMQ_URL: 'http://broker:5672' });

    expect(error.message).toContain('RABBITMQ_URL');
    expect(error.message).not.toContain('broker');
    expect(error.problems).toHaveLength(1);
  });

  it('never prints a value, e.g. the credentials of a DATABASE_URL', () => {
    const error = configErrorFrom({ DATABASE_URL: 'mysql://admin:s3cret-pw@db.internal:3306/x' });

    expect(error.message).toMatch(/DATABASE_URL: .*\(value hidden\)/);
    expect(error.message).not.toMatch(/s3cret-pw|db\.internal|3306/);
  });

  it('rejects a non-numeric RPC_TIMEOUT_MS, naming the variable', () => {
    const error = configErrorFrom({ RPC_TIMEOUT_MS: 'soon' });

    expect(error.message).toMatch(/RPC_TIMEOUT_MS: .*\(value hidden\)/);
    expect(error.message).not.toContain('soon');
  });

  it('reports every bad variable at once', () => {
    const error = configErrorFrom({ RABBITMQ_URL: 'nope', RPC_TIMEOUT_MS: 'soon' });

    expect(error.problems).toHaveLength(2);
  });
});
