import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, ConfigError } from './load-config';
import {
  estimatedEntropyBits,
  PUBLISHED_SECRET_VALUES,
  refusePublishedSecretsInProduction,
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
  .object({ NODE_ENV: z.string().default('development'), KEY: z.string(), PW: z.string() })
  .superRefine(
    refusePublishedSecretsInProduction([
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

describe('published secrets', () => {
  it('lists every secret value .env.example publishes', () => {
    const example = envExample();
    for (const variable of SECRET_VARIABLES) {
      const value = example.get(variable);
      expect(value, variable).toMatch(/\S/);
      expect(PUBLISHED_SECRET_VALUES.has(value ?? ''), variable).toBe(true);
    }
  });

  it('refuses them in production, naming the variable and not the value', () => {
    const env = { KEY: 'dev-only-change-me-0123456789abcdef', PW: 'ChangeMe-dev-only-123' };

    expect(problems(env)).toBe('');
    const message = problems({ ...env, NODE_ENV: 'production' });
    expect(message).toMatch(/KEY: is a value published in the repository/);
    expect(message).toMatch(/PW: is a value published in the repository/);
    expect(message).not.toContain('ChangeMe');
  });

  it('refuses a low-entropy key in production (32 identical characters) and accepts a random one', () => {
    const pw = 'a password of my own';
    expect(problems({ NODE_ENV: 'production', KEY: 'a'.repeat(32), PW: pw })).toMatch(
      /KEY: has too little entropy/,
    );
    const random = 'kW3v9Qx2LmZp8RtY5uNb1HsJd6FgC0eA7oIq4TwXyVz+/Ek=';
    expect(estimatedEntropyBits(random)).toBeGreaterThan(128);
    expect(problems({ NODE_ENV: 'production', KEY: random, PW: pw })).toBe('');
  });
});
