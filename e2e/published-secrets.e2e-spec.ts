import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSystem, repoRoot, type MedicalinkApp } from '@medicalink/testing';

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

describe("the repository's published secrets", () => {
  it.each([
    ['api-gateway', 'JWT_SECRET'],
    ['accounts', 'BOOTSTRAP_ADMIN_PASSWORD'],
    ['orchestrator', 'SAGA_INPUT_KEY'],
  ] as [MedicalinkApp, string][])(
    '%s refuses to start with them when listening beyond loopback, naming %s',
    async (app, variable) => {
      // in the test's own namespace, on ports the OS picks, should it start after all
      const system = await createSystem({
        label: 'secrets',
        bootstrapAdmin: false,
        upTimeoutMs: 30_000,
        env: { ...publishedSecrets(), HTTP_HOST: '0.0.0.0' },
      });
      try {
        await expect(system.start(app)).rejects.toThrow(/exited before listening/);
        const child = system.processes.at(-1)!.proc;
        expect(child.child.exitCode).toBe(1);
        expect(child.output()).toMatch(
          new RegExp(`${variable}: is a value published in the repository`),
        );
        expect(child.output()).not.toMatch(/dev-only|ChangeMe/);
      } finally {
        await system.stop();
      }
    },
    60_000,
  );
});
