import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace, repoRoot, spawnApp, type MedicalinkApp } from '@medicalink/testing';

const SECRET_VARIABLES = ['JWT_SECRET', 'BOOTSTRAP_ADMIN_PASSWORD', 'SAGA_INPUT_KEY'];

/** The secrets `npm start` takes from .env.example when there is no .env. */
function publishedSecrets(): Record<string, string> {
  const text = readFileSync(join(repoRoot(), '.env.example'), 'utf8');
  const entries = text
    .split('\n')
    .map((line): [string, string] => [
      line.slice(0, line.indexOf('=')),
      line.slice(line.indexOf('=') + 1),
    ])
    .filter(([name]) => SECRET_VARIABLES.includes(name));
  return Object.fromEntries(entries);
}

const namespace = createTestNamespace(inject('infrastructure'), 'secrets');

afterAll(async () => {
  await namespace.cleanup();
});

describe("the repository's published secrets", () => {
  it.each([
    ['api-gateway', 'JWT_SECRET'],
    ['accounts', 'BOOTSTRAP_ADMIN_PASSWORD'],
    ['orchestrator', 'SAGA_INPUT_KEY'],
  ] as [MedicalinkApp, string][])(
    '%s refuses to start with them when listening beyond loopback, naming %s',
    async (app, variable) => {
      // in the test's own namespace, on ports the OS picks, should it start after all
      const env = namespace.env({ ...publishedSecrets(), HTTP_HOST: '0.0.0.0' });
      const child = spawnApp(app, env);

      await expect(child.up(30_000)).rejects.toThrow(/exited before listening/);
      expect(child.child.exitCode).toBe(1);
      expect(child.output()).toMatch(
        new RegExp(`${variable}: is a value published in the repository`),
      );
      expect(child.output()).not.toMatch(/dev-only|ChangeMe/);
    },
    60_000,
  );
});
