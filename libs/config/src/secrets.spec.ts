import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, ConfigError } from './load-config';
import {
  isLoopbackHost,
  keyProblem,
  PUBLISHED_SECRET_VALUES,
  refuseUnsafeSecrets,
} from './secrets';

/** The variables of .env.example that hold secrets. */
const SECRET_VARIABLES = ['JWT_SECRET', 'BOOTSTRAP_ADMIN_PASSWORD', 'SAGA_INPUT_KEY'];

function envExample(): Map<string, string> {
  const text = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
  const entries = text
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return new Map(entries);
}

const schema = z
  .object({
    NODE_ENV: z.string().default('development'),
    HTTP_HOST: z.string().default('127.0.0.1'),
    KEY: z.string(),
    PW: z.string(),
  })
  .superRefine(
    refuseUnsafeSecrets([
      { variable: 'KEY', kind: 'key' },
      { variable: 'PW', kind: 'password' },
    ]),
  );

function problems(env: Record<string, string>): string {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

const PUBLISHED = { KEY: 'dev-only-change-me-0123456789abcdef', PW: 'ChangeMe-dev-only-123' };
const OWN = { KEY: randomBytes(48).toString('base64'), PW: 'a password of my own' };

describe('published secrets', () => {
  it('lists every secret value .env.example publishes, and .env.example binds loopback', () => {
    const example = envExample();
    for (const variable of SECRET_VARIABLES) {
      const value = example.get(variable);
      expect(value, variable).toMatch(/\S/);
      expect(PUBLISHED_SECRET_VALUES.has(value ?? ''), variable).toBe(true);
    }
    expect(isLoopbackHost(example.get('HTTP_HOST') ?? '')).toBe(true);
  });

  it('work while the app listens on loopback only', () => {
    for (const HTTP_HOST of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) {
      expect(problems({ ...PUBLISHED, HTTP_HOST }), HTTP_HOST).toBe('');
    }
  });

  it('are refused beyond loopback, whatever NODE_ENV, naming the variable and not the value', () => {
    for (const HTTP_HOST of ['0.0.0.0', '::', '10.0.0.5', 'gateway.internal', '::ffff:10.0.0.1']) {
      const message = problems({ ...PUBLISHED, HTTP_HOST, NODE_ENV: 'development' });
      expect(message, HTTP_HOST).toMatch(/KEY: is a value published in the repository/);
      expect(message, HTTP_HOST).toMatch(/PW: is a value published in the repository/);
      expect(message).toContain('listens beyond loopback');
      expect(message).not.toContain('ChangeMe');
    }
  });

  it('are refused in production even on loopback', () => {
    expect(problems({ ...PUBLISHED, NODE_ENV: 'production' })).toMatch(
      /KEY: is a value published .*NODE_ENV is production/,
    );
  });

  it('a secret of your own works anywhere', () => {
    expect(problems({ ...OWN, HTTP_HOST: '0.0.0.0', NODE_ENV: 'production' })).toBe('');
  });
});

describe('keys', () => {
  it('take at least 32 random bytes as hex or base64', () => {
    expect(keyProblem(randomBytes(32).toString('hex'))).toBeUndefined();
    expect(keyProblem(randomBytes(32).toString('base64'))).toBeUndefined();
    expect(keyProblem(randomBytes(48).toString('base64'))).toBeUndefined();
  });

  it('refuse text, however varied its characters (no entropy guessing)', () => {
    // 32 letters of a 32-letter alphabet: an entropy estimate from characters gives 160 bits
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEF';
    expect(keyProblem(`${alphabet}!`)).toMatch(/at least 32 random bytes written as hex or base64/);
    expect(keyProblem('a password that is long enough, surely')).toMatch(/hex or base64/);
    expect(keyProblem('my-very-long-passphrase-for-the-json-web-tokens')).toMatch(/hex or base64/);
  });

  it('refuse fewer than 32 bytes, and patterns', () => {
    expect(keyProblem(randomBytes(31).toString('base64'))).toMatch(/holds 31 bytes/);
    expect(keyProblem(randomBytes(16).toString('hex'))).toMatch(/holds 16 bytes/);
    expect(keyProblem('a'.repeat(64))).toMatch(/repeats a pattern/);
    expect(keyProblem('deadbeef'.repeat(8))).toMatch(/repeats a pattern/);
  });

  it('are refused by the rule in any environment, naming the variable', () => {
    const message = problems({ KEY: 'x'.repeat(64), PW: OWN.PW });
    expect(message).toMatch(/KEY: repeats a pattern|KEY: must be at least 32 random bytes/);
    expect(message).not.toContain('xxxx');
  });
});
