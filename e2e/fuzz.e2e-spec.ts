import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadLetterSeeder,
  FUZZ_SYSTEM_ENV,
  prepareFuzzTarget,
  resultLine,
  runHttpFuzz,
  unreachedOperations,
  type FuzzTarget,
} from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';

/** A short run of `npm run fuzz:http` (10,000 requests there) on every route of the OpenAPI document. */
const REQUESTS = 700;

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let target: FuzzTarget;

beforeAll(async () => {
  system = await startSystem({ ...FUZZ_SYSTEM_ENV });
  target = await prepareFuzzTarget(system.gatewayUrl, E2E_ADMIN, {
    seedDeadLetter: deadLetterSeeder(
      system.namespace.infrastructure.rabbitmqUrl,
      system.namespace.prefix,
    ),
  });
});

afterAll(async () => {
  await system?.stop();
});

describe('hostile HTTP input (fuzz)', () => {
  it('never gets a 5xx, a hang or a dead service, from any caller on any route', async () => {
    const document = (await (await fetch(`${system.gatewayUrl}/docs/json`)).json()) as Parameters<
      typeof runHttpFuzz
    >[1];

    const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
    const result = await runHttpFuzz(target, document, {
      requests: REQUESTS,
      seed,
      concurrency: 4,
      hangMs: 15_000,
      crashedServices: async () => [...system.apps.values()].filter((app) => !app.alive()).length,
    });

    const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods));
    expect(Object.keys(result.byOperation)).toHaveLength(operations.length);
    // every route's handler was reached, past authentication, validation and lookups
    expect(unreachedOperations(result, 1), `FUZZ_SEED=${seed}`).toEqual([]);
    expect(result.findings.slice(0, 5), `FUZZ_SEED=${seed}`).toEqual([]);
    expect(resultLine(result)).toBe(
      `fuzz ${REQUESTS} requests: 5xx 0, hangs 0, crashed services 0`,
    );
    // POST /auth/logout signed out only an account of its own: the callers lasted the run.
    expect(result.byOperation['POST /auth/logout']?.sent).toBeGreaterThan(0);
    for (const token of Object.values(target.tokens)) {
      const me = await fetch(`${system.gatewayUrl}/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.status).toBe(200);
    }
  }, 240_000);
});
