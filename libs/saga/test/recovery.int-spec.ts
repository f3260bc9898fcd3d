import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import {
  inSpan,
  SpanKind,
  startInMemoryTracing,
  type InMemoryTracing,
} from '@medicalink/observability';
import type { Kysely } from '@medicalink/persistence';
import { createTestNamespace, eventually } from '@medicalink/testing';
import {
  SagaInterruptedError,
  type SagaDefinition,
  type SagaStep,
  type SagaTables,
} from '../src/index';
import { deferred, engineOn, openSagaDatabase } from './fixtures';

interface Order {
  key: string;
}

const namespace = createTestNamespace(inject('infrastructure'), 'sagarec');
let db: Kysely<SagaTables>;
/** The "crashed" instance: short leases and no renewal timer, so a hung step lets its lease lapse. */
const frozen = { leaseMs: 300, renewLeases: false };

beforeAll(async () => {
  db = await openSagaDatabase(namespace, 'recovery');
});

/** Running sagas of `type` whose lease has run out (by more than a moment). */
async function expiredLeases(type: string): Promise<number> {
  const leases = await db
    .selectFrom('sagas')
    .select('lease_expires_at')
    .where('type', '=', type)
    .where('state', '=', 'running')
    .execute();
  return leases.filter(({ lease_expires_at: expiresAt }) => {
    return expiresAt !== null && new Date(expiresAt).getTime() < Date.now() - 50;
  }).length;
}

afterAll(async () => {
  await db?.destroy();
  await namespace.cleanup();
});

async function sagaRow(id: string) {
  return db.selectFrom('sagas').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function step(
  name: string,
  invoke: SagaStep<Order>['invoke'],
  extra: Partial<SagaStep<Order>> = {},
): SagaStep<Order> {
  return { name, invoke, compensate: async () => undefined, ...extra };
}

describe('saga recovery', () => {
  it('lets a second instance finish a saga whose instance stopped renewing its lease', async () => {
    const hung = deferred<unknown>();
    const calls: { instance: string; key: string; attempt: number }[] = [];
    const make = (instance: string): SagaDefinition<Order> => ({
      type: 'rec-resume',
      version: 1,
      businessKey: (input) => input.key,
      steps: [
        step('reserve', async () => 'reserved'),
        step('charge', async (ctx) => {
          calls.push({ instance, key: ctx.idempotencyKey, attempt: ctx.attempt });
          return instance === 'a' ? hung.promise : `charged by ${instance}`;
        }),
        step('ship', async (ctx) => `shipped after ${String(ctx.results['charge'])}`),
      ],
    });
    const first = engineOn(db, [make('a')], { instanceId: 'rec-a', ...frozen });
    const second = engineOn(db, [make('b')], { instanceId: 'rec-b' });

    const abandoned = first.start(make('a'), { key: 'order-1' });
    await eventually(() => expect(calls).toHaveLength(1));
    expect(await second.recoverExpired()).toBe(0); // lease still valid

    await eventually(async () => expect(await second.recoverExpired()).toBe(1), {
      intervalMs: 100,
    });

    const sagaId = calls[0]?.key.split(':')[0] ?? '';
    expect(calls).toEqual([
      { instance: 'a', key: `${sagaId}:charge`, attempt: 1 },
      { instance: 'b', key: `${sagaId}:charge`, attempt: 2 },
    ]);
    const finished = await sagaRow(sagaId);
    expect(finished).toMatchObject({
      state: 'completed',
      lease_owner: 'rec-b',
      results: { reserve: 'reserved', charge: 'charged by b', ship: 'shipped after charged by b' },
    });

    // The first instance wakes up: it must notice it lost the saga and write nothing.
    hung.resolve('charged by a');
    await expect(abandoned).rejects.toBeInstanceOf(SagaInterruptedError);
    expect(await sagaRow(sagaId)).toEqual(finished);
  });

  it('continues compensating a saga that was compensating when its instance froze', async () => {
    const hung = deferred();
    const compensated: string[] = [];
    const make = (instance: string): SagaDefinition<Order> => ({
      type: 'rec-compensating',
      version: 1,
      businessKey: (input) => input.key,
      steps: [
        step('reserve', async () => 'r', {
          compensate: async () => {
            compensated.push(`${instance}:reserve`);
          },
        }),
        step('charge', async () => 'c', {
          compensate: async (ctx) => {
            compensated.push(`${instance}:charge:${ctx.attempt}`);
            if (instance === 'a') await hung.promise;
          },
        }),
        step('ship', async () => {
          throw new DomainError('NO_STOCK', 'out of stock', 409);
        }),
      ],
    });
    const first = engineOn(db, [make('a')], { instanceId: 'comp-a', ...frozen });
    const second = engineOn(db, [make('b')], { instanceId: 'comp-b' });

    const abandoned = first.start(make('a'), { key: 'order-2' });
    await eventually(() => expect(compensated).toEqual(['a:charge:1']));
    await eventually(async () => expect(await second.recoverExpired()).toBe(1), {
      intervalMs: 100,
    });

    expect(compensated).toEqual(['a:charge:1', 'b:charge:2', 'b:reserve']);
    const rows = await db
      .selectFrom('saga_steps')
      .innerJoin('sagas', 'sagas.id', 'saga_steps.saga_id')
      .select(['saga_steps.name', 'saga_steps.state', 'sagas.state as saga_state'])
      .where('sagas.type', '=', 'rec-compensating')
      .orderBy('position')
      .execute();
    expect(rows).toEqual([
      { name: 'reserve', state: 'compensated', saga_state: 'compensated' },
      { name: 'charge', state: 'compensated', saga_state: 'compensated' },
      { name: 'ship', state: 'compensated', saga_state: 'compensated' },
    ]);
    hung.resolve();
    await expect(abandoned).rejects.toBeInstanceOf(SagaInterruptedError);
  });

  it('drives each expired saga by exactly one of two instances recovering concurrently', async () => {
    const hung = deferred<unknown>();
    const recoveredBy = new Map<string, string[]>();
    const make = (instance: string): SagaDefinition<Order> => ({
      type: 'rec-skip-locked',
      version: 1,
      businessKey: (input) => input.key,
      steps: [
        step('work', async (ctx) => {
          if (instance === 'a') return hung.promise;
          recoveredBy.set(ctx.sagaId, [...(recoveredBy.get(ctx.sagaId) ?? []), instance]);
          await new Promise((resolve) => setTimeout(resolve, 20));
          return instance;
        }),
      ],
    });
    const first = engineOn(db, [make('a')], { instanceId: 'skip-a', ...frozen });
    const recoverers = ['b', 'c'].map((instance) =>
      engineOn(db, [make(instance)], { instanceId: `skip-${instance}`, recoveryBatchSize: 3 }),
    );
    const abandoned = Array.from({ length: 10 }, (_, index) =>
      first.start(make('a'), { key: `order-${index}` }).catch((error: unknown) => error),
    );
    // every saga journaled by the first instance, and every lease of it run out (a fixed wait
    // was not always enough on a busy machine: a saga journaled late was still leased)
    await eventually(async () => expect(await expiredLeases('rec-skip-locked')).toBe(10));

    const recoverAll = async (engine: (typeof recoverers)[number]) => {
      let total = 0;
      for (let round = 0; round < 10; round += 1) total += await engine.recoverExpired();
      return total;
    };
    const totals = await Promise.all(recoverers.map(recoverAll));

    expect(totals[0]! + totals[1]!).toBe(10);
    expect(recoveredBy.size).toBe(10);
    for (const instances of recoveredBy.values()) expect(instances).toHaveLength(1);
    const states = await db
      .selectFrom('sagas')
      .select('state')
      .where('type', '=', 'rec-skip-locked')
      .execute();
    expect(states.every((row) => row.state === 'completed')).toBe(true);
    hung.resolve('late');
    for (const outcome of await Promise.all(abandoned))
      expect(outcome).toBeInstanceOf(SagaInterruptedError);
  });

  it('flags a saga of an unknown definition version and leaves it alone', async () => {
    const hung = deferred<unknown>();
    const v1: SagaDefinition<Order> = {
      type: 'rec-versioned',
      version: 1,
      businessKey: (input) => input.key,
      steps: [step('work', () => hung.promise)],
    };
    const v2: SagaDefinition<Order> = { ...v1, version: 2 };
    const old = engineOn(db, [v1], { instanceId: 'ver-old', ...frozen });
    const upgraded = engineOn(db, [v2], { instanceId: 'ver-new' });

    const abandoned = old.start(v1, { key: 'order-v' }).catch((error: unknown) => error);
    await eventually(async () => expect(await expiredLeases('rec-versioned')).toBe(1));
    expect(await upgraded.recoverExpired()).toBe(0);

    const row = await db
      .selectFrom('sagas')
      .select(['id', 'state', 'flagged', 'lease_owner'])
      .where('type', '=', 'rec-versioned')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      state: 'running',
      flagged: 'unknown saga definition rec-versioned@1',
      lease_owner: 'ver-new',
    });
    // Even with its lease long expired, a flagged saga is not claimed again.
    await db
      .updateTable('sagas')
      .set({ lease_expires_at: new Date(Date.now() - 60_000) })
      .where('id', '=', row.id)
      .execute();
    const knowing = engineOn(db, [v1], { instanceId: 'ver-knowing' });
    expect(await knowing.recoverExpired()).toBe(0);
    hung.resolve('late');
    expect(await abandoned).toBeInstanceOf(SagaInterruptedError);
  });

  it('keeps a slow saga leased while its instance renews the lease', async () => {
    const definition: SagaDefinition<Order> = {
      type: 'rec-renewed',
      version: 1,
      businessKey: (input) => input.key,
      steps: [
        step('slow', () => new Promise((resolve) => setTimeout(() => resolve('done'), 700)), {
          timeoutMs: 2_000,
        }),
      ],
    };
    const driver = engineOn(db, [definition], { instanceId: 'renew-a', leaseMs: 300 });
    const other = engineOn(db, [definition], { instanceId: 'renew-b' });

    const running = driver.start(definition, { key: 'order-r' });
    for (let i = 0; i < 5; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await other.recoverExpired()).toBe(0);
    }

    await expect(running).resolves.toMatchObject({ state: 'completed', results: { slow: 'done' } });
  });

  it('stops driving, without writing, once a lease renewal finds another owner', async () => {
    const hung = deferred<unknown>();
    let secondRan = false;
    const definition: SagaDefinition<Order> = {
      type: 'rec-stolen',
      version: 1,
      businessKey: (input) => input.key,
      steps: [
        step('first', () => hung.promise),
        step('second', async () => {
          secondRan = true;
        }),
      ],
    };
    const engine = engineOn(db, [definition], { instanceId: 'stolen-a', leaseMs: 300 });

    const running = engine.start(definition, { key: 'order-s' }).catch((error: unknown) => error);
    const saga = await eventually(() =>
      db
        .selectFrom('sagas')
        .select('id')
        .where('type', '=', 'rec-stolen')
        .executeTakeFirstOrThrow(),
    );
    await db
      .updateTable('sagas')
      .set({ lease_owner: 'intruder' })
      .where('id', '=', saga.id)
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 250)); // more than one renewal period
    hung.resolve('late');

    expect(await running).toBeInstanceOf(SagaInterruptedError);
    expect(secondRan).toBe(false);
    const steps = await db
      .selectFrom('saga_steps')
      .select(['name', 'state', 'attempts'])
      .where('saga_id', '=', saga.id)
      .orderBy('position')
      .execute();
    expect(steps).toEqual([
      { name: 'first', state: 'started', attempts: 1 },
      { name: 'second', state: 'pending', attempts: 0 },
    ]);
    expect(await sagaRow(saga.id)).toMatchObject({ state: 'running', lease_owner: 'intruder' });
  });

  it('recovers in the background between startRecovery and stopRecovery', async () => {
    const hung = deferred<unknown>();
    const make = (instance: string): SagaDefinition<Order> => ({
      type: 'rec-loop',
      version: 1,
      businessKey: (input) => input.key,
      steps: [step('work', async () => (instance === 'a' ? hung.promise : instance))],
    });
    const first = engineOn(db, [make('a')], { instanceId: 'loop-a', ...frozen });
    const recoverer = engineOn(db, [make('b')], { instanceId: 'loop-b', recoveryIntervalMs: 50 });

    const abandoned = first.start(make('a'), { key: 'order-l' }).catch((error: unknown) => error);
    recoverer.startRecovery();
    try {
      await eventually(async () => {
        const row = await db
          .selectFrom('sagas')
          .select(['state', 'results'])
          .where('type', '=', 'rec-loop')
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ state: 'completed', results: { work: 'b' } });
      });
    } finally {
      await recoverer.stopRecovery();
    }
    hung.resolve('late');
    expect(await abandoned).toBeInstanceOf(SagaInterruptedError);
  });
});

describe('saga recovery with tracing on', () => {
  let tracing: InMemoryTracing;

  beforeAll(async () => {
    tracing = await startInMemoryTracing();
  });

  afterAll(async () => {
    await tracing?.stop();
  });

  it('continues the trace the saga was started in: the resumed drive is a child of the starting span', async () => {
    const hung = deferred<unknown>();
    const charges: string[] = [];
    const make = (instance: string): SagaDefinition<Order> => ({
      type: 'rec-trace',
      version: 1,
      businessKey: (input) => input.key,
      steps: [
        step('reserve', async () => 'reserved'),
        step('charge', async () => {
          charges.push(instance);
          return instance === 'a' ? hung.promise : `charged by ${instance}`;
        }),
      ],
    });
    const first = engineOn(db, [make('a')], { instanceId: 'trace-a', ...frozen });
    const second = engineOn(db, [make('b')], { instanceId: 'trace-b' });

    let request = { traceId: '', spanId: '' };
    const abandoned = inSpan('POST /orders', { kind: SpanKind.SERVER }, (span) => {
      request = span!.spanContext();
      return first.start(make('a'), { key: 'order-t' }).catch((error: unknown) => error);
    });
    await eventually(() => expect(charges).toEqual(['a']));
    // the recovery round runs in a trace of its own: the resumed drive's parent comes from the journal
    await eventually(
      async () => expect(await inSpan('recovery round', {}, () => second.recoverExpired())).toBe(1),
      { intervalMs: 100 },
    );
    hung.resolve('late');
    expect(await abandoned).toBeInstanceOf(SagaInterruptedError);

    const stored = await db
      .selectFrom('sagas')
      .select(['id', 'traceparent', 'tracestate'])
      .where('type', '=', 'rec-trace')
      .executeTakeFirstOrThrow();
    expect(stored.traceparent).toBe(`00-${request.traceId}-${request.spanId}-01`);
    expect(stored.tracestate).toBeNull();

    const spans = tracing
      .spans()
      .filter((span) => span.attributes['medicalink.saga.id'] === stored.id);
    const drives = spans.filter((span) => span.name === 'saga rec-trace');
    expect(drives.map((span) => span.attributes['medicalink.saga.resumed']).sort()).toEqual([
      false,
      true,
    ]);
    for (const drive of drives) {
      expect(drive.spanContext().traceId).toBe(request.traceId);
      expect(drive.parentSpanContext?.spanId).toBe(request.spanId);
    }
    const resumed = drives.find((span) => span.attributes['medicalink.saga.resumed'] === true)!;
    const resumedCharge = spans.find(
      (span) =>
        span.name === 'saga step charge' &&
        span.parentSpanContext?.spanId === resumed.spanContext().spanId,
    );
    expect(resumedCharge?.spanContext().traceId).toBe(request.traceId);
    const recoveryRound = tracing.spans().find((span) => span.name === 'recovery round');
    expect(recoveryRound?.spanContext().traceId).not.toBe(request.traceId);
  });
});
