import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import type { Kysely } from '@medicalink/persistence';
import { createTestNamespace } from '@medicalink/testing';
import {
  SagaConflictError,
  type SagaDefinition,
  type SagaStepRecord,
  type SagaTables,
} from '../src/index';
import { deferred, engineOn, openSagaDatabase, stepRow } from './fixtures';

interface Signup {
  email: string;
  password: string;
}

const namespace = createTestNamespace(inject('infrastructure'), 'saga');
let db: Kysely<SagaTables>;

beforeAll(async () => {
  db = await openSagaDatabase(namespace, 'journal');
});

afterAll(async () => {
  await db?.destroy();
  await namespace.cleanup();
});

describe('PostgresSagaJournal through the engine', () => {
  it('journals each step as started before invoking it, and the whole run', async () => {
    const seen: Record<string, unknown> = {};
    const observe = (name: string) => async (ctx: { sagaId: string }) => {
      seen[name] = await stepRow(db, ctx.sagaId, name);
      return { done: name };
    };
    const definition: SagaDefinition<Signup> = {
      type: 'journal-run',
      version: 1,
      businessKey: (input) => input.email,
      steps: [
        { name: 'account', invoke: observe('account'), scrubInputAfter: ['password'] },
        [
          { name: 'profile', invoke: observe('profile') },
          { name: 'avatar', invoke: observe('avatar') },
        ],
        { name: 'permissions', invoke: observe('permissions') },
      ],
    };
    const engine = engineOn(db, [definition], { instanceId: 'run' });

    const outcome = await engine.start(definition, { email: 'ada@example.com', password: 'pw' });

    expect(outcome.state).toBe('completed');
    for (const name of ['account', 'profile', 'avatar', 'permissions']) {
      expect(seen[name]).toEqual({ state: 'started', attempts: 1 });
    }
    const record = await engine.get(outcome.sagaId);
    expect(record).toMatchObject({
      type: 'journal-run',
      version: 1,
      state: 'completed',
      businessKey: 'ada@example.com',
      input: { email: 'ada@example.com' },
      results: {
        account: { done: 'account' },
        profile: { done: 'profile' },
        avatar: { done: 'avatar' },
        permissions: { done: 'permissions' },
      },
      failure: null,
      flagged: null,
      leaseOwner: 'run',
      leaseExpiresAt: null,
    });
    expect(record?.steps.map((step) => step.name)).toEqual([
      'account',
      'profile',
      'avatar',
      'permissions',
    ]);
    for (const step of record?.steps ?? []) {
      expect(step).toMatchObject({
        state: 'completed',
        attempts: 1,
        compensationAttempts: 0,
        error: null,
      });
      expect(Date.parse(step.finishedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(step.startedAt ?? ''),
      );
    }
  });

  it('records a failure and the compensation of every started step', async () => {
    const definition: SagaDefinition<Signup> = {
      type: 'journal-compensation',
      version: 1,
      businessKey: (input) => input.email,
      steps: [
        { name: 'account', invoke: async () => 'acc', compensate: async () => undefined },
        {
          name: 'profile',
          invoke: async () => {
            throw new DomainError('LICENSE_INVALID', 'license rejected', 422);
          },
          compensate: async () => undefined,
        },
        { name: 'permissions', invoke: async () => 'never' },
      ],
    };
    const engine = engineOn(db, [definition], { instanceId: 'comp' });

    const outcome = await engine.start(definition, { email: 'bob@example.com', password: 'pw' });

    expect(outcome.state).toBe('compensated');
    const record = await engine.get(outcome.sagaId);
    expect(record).toMatchObject({
      state: 'compensated',
      failure: {
        step: 'profile',
        error: { code: 'LICENSE_INVALID', status: 422, retryable: false },
      },
      results: { account: 'acc' },
      input: { email: 'bob@example.com', password: 'pw' },
    });
    const steps = record?.steps.map((step): Partial<SagaStepRecord> => ({
      name: step.name,
      state: step.state,
      attempts: step.attempts,
      compensationAttempts: step.compensationAttempts,
    }));
    expect(steps).toEqual([
      { name: 'account', state: 'compensated', attempts: 1, compensationAttempts: 1 },
      { name: 'profile', state: 'compensated', attempts: 1, compensationAttempts: 1 },
      { name: 'permissions', state: 'pending', attempts: 0, compensationAttempts: 0 },
    ]);
  });

  it('lets only one of two concurrent starts with the same business key run', async () => {
    const release = deferred();
    const definition: SagaDefinition<Signup> = {
      type: 'journal-conflict',
      version: 1,
      businessKey: (input) => input.email.toLowerCase(),
      steps: [{ name: 'account', invoke: () => release.promise }],
    };
    const engine = engineOn(db, [definition], { instanceId: 'conflict' });

    const starts = [
      engine.start(definition, { email: 'Cy@example.com', password: 'a' }),
      engine.start(definition, { email: 'cy@example.com', password: 'b' }),
    ];
    const rejected = await Promise.race(
      starts.map((start) => start.then(() => 'ok').catch((error: unknown) => error)),
    );
    release.resolve();
    const settled = await Promise.allSettled(starts);

    expect(rejected).toBeInstanceOf(SagaConflictError);
    expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const failure = settled.find((result) => result.status === 'rejected');
    expect(failure?.reason).toMatchObject({ code: 'SAGA_ALREADY_RUNNING', status: 409 });
    const rows = await db
      .selectFrom('sagas')
      .select('state')
      .where('type', '=', 'journal-conflict')
      .execute();
    expect(rows).toEqual([{ state: 'completed' }]);

    // The key is free again once the saga ended.
    await expect(
      engine.start(definition, { email: 'cy@example.com', password: 'c' }),
    ).resolves.toMatchObject({
      state: 'completed',
    });
  });

  it('answers null for a saga it does not know', async () => {
    const engine = engineOn(db, [], { instanceId: 'none' });

    await expect(engine.get('6f1c1d1e-8d44-4a53-9d0a-3f6f9c1e2b7a')).resolves.toBeNull();
    await expect(engine.get('not-a-uuid')).resolves.toBeNull();
  });
});
