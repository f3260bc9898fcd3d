import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import { sql, type Kysely } from '@medicalink/persistence';
import { createTestNamespace } from '@medicalink/testing';
import type { SagaDefinition, SagaTables } from '../src/index';
import { engineOn, openSagaDatabase } from './fixtures';

interface Import {
  hospital: string;
}

const namespace = createTestNamespace(inject('infrastructure'), 'sagares');
let db: Kysely<SagaTables>;

beforeAll(async () => {
  db = await openSagaDatabase(namespace, 'results');
});

afterAll(async () => {
  await db?.destroy();
  await namespace.cleanup();
});

describe('criticality and step results in the PostgreSQL journal', () => {
  it("keeps each step's result on its row and goes on past a non-critical failure", async () => {
    const definition: SagaDefinition<Import> = {
      type: 'import-results',
      version: 1,
      businessKey: (input) => input.hospital,
      steps: [
        { name: 'parse', invoke: async () => ({ versionId: 'v-1', shifts: 3 }) },
        {
          name: 'roster',
          critical: false,
          invoke: async () => {
            throw new DomainError('ROSTER_UNREACHABLE', 'down', 502);
          },
        },
        { name: 'coverage', critical: false, invoke: async () => ({ gaps: 2 }) },
      ],
    };
    const engine = engineOn(db, [definition], { instanceId: 'results' });

    const outcome = await engine.start(definition, { hospital: 'h-1' });

    expect(outcome.state).toBe('completed');
    const record = await engine.get(outcome.sagaId);
    expect(record?.steps.map((s) => [s.name, s.state, s.result, s.error?.code ?? null])).toEqual([
      ['parse', 'completed', { versionId: 'v-1', shifts: 3 }, null],
      ['roster', 'failed', null, 'ROSTER_UNREACHABLE'],
      ['coverage', 'completed', { gaps: 2 }, null],
    ]);
    const { rows } = await sql<{ result: unknown }>`
      SELECT result FROM saga_steps WHERE saga_id = ${outcome.sagaId} AND name = 'parse'
    `.execute(db);
    expect(rows[0]?.result).toEqual({ versionId: 'v-1', shifts: 3 });
  });
});
