import { Writable } from 'node:stream';
import pino from 'pino';
import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import { rpcError } from '@medicalink/messaging';
import type { SagaDefinition, SagaStep } from './definition';
import { SagaEngine, type SagaEngineOptions } from './engine';
import { SagaCompensationDeferredError } from './errors';
import { InMemorySagaJournal } from './in-memory-journal';

interface Input {
  email: string;
}

const unavailable = () => rpcError('SERVICE_UNAVAILABLE', 'accounts down', 503, true);
const circuitOpen = () => rpcError('CIRCUIT_OPEN', 'circuit open', 503, true);
const refused = () => new DomainError('ACCOUNT_LOCKED', 'cannot delete', 409);
const fatal = () => new DomainError('LICENSE_TAKEN', 'taken', 409);

/** Step `a` (compensated by `compensate`), then step `b`, which fails for good. */
function twoSteps(compensate: (call: number) => Promise<void>, type = 'outage') {
  let calls = 0;
  const a: SagaStep<Input> = {
    name: 'a',
    invoke: async () => ({ created: true }),
    compensate: async () => compensate((calls += 1)),
  };
  const b: SagaStep<Input> = {
    name: 'b',
    invoke: async () => {
      throw fatal();
    },
  };
  const definition: SagaDefinition<Input> = {
    type,
    version: 1,
    steps: [a, b],
    businessKey: (input) => input.email,
    compensationRetry: { maxAttempts: 3 },
  };
  return { definition, calls: () => calls };
}

/** An engine over an in-memory journal whose clock the test moves. */
function setup(definition: SagaDefinition<Input>, options: Partial<SagaEngineOptions> = {}) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const journal = new InMemorySagaJournal({ now: () => now });
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  const engine = new SagaEngine(journal, [definition], {
    instanceId: 'engine-a',
    logger: pino({ level: 'info' }, destination),
    sleep: async () => undefined,
    renewLeases: false,
    now: () => now,
    ...options,
  });
  return { engine, journal, lines, advance: (ms: number) => (now += ms) };
}

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric(name)?.get();
  const value = metric?.values.find((entry) =>
    Object.entries(labels).every(([key, wanted]) => entry.labels[key] === wanted),
  );
  return value?.value ?? 0;
}

describe('compensation that meets an outage', () => {
  it('is handed back to the journal, stays compensating, and recovery finishes it once the participant is back', async () => {
    let down = true;
    const { definition, calls } = twoSteps(async () => {
      if (down) throw unavailable();
    });
    const { engine, advance } = setup(definition);
    const before = await metricValue('saga_compensation_deferrals_total', { type: 'outage' });

    const failure = await engine
      .start(definition, { email: 'a@x' })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SagaCompensationDeferredError);
    const sagaId = (failure as SagaCompensationDeferredError).context?.['saga'] as {
      sagaId: string;
    };
    const parked = await engine.get(sagaId.sagaId);
    expect(parked).toMatchObject({ state: 'compensating', deferrals: 1 });
    expect(parked?.nextAttemptAt).not.toBeNull();
    expect(parked?.steps[0]).toMatchObject({
      state: 'compensating',
      compensationAttempts: 3,
      error: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect(calls()).toBe(3);
    expect(await metricValue('saga_compensation_deferrals_total', { type: 'outage' })).toBe(
      before + 1,
    );

    // Not before its next attempt time...
    expect(await engine.recoverExpired()).toBe(0);
    // ...and while the outage lasts it is deferred again, with a longer pause.
    advance(10_000);
    expect(await engine.recoverExpired()).toBe(0);
    const again = await engine.get(sagaId.sagaId);
    expect(again).toMatchObject({ state: 'compensating', deferrals: 2 });
    expect(again?.deferredSince).toBe(parked?.deferredSince);

    down = false;
    advance(10_000);
    expect(await engine.recoverExpired()).toBe(1);
    const done = await engine.get(sagaId.sagaId);
    expect(done?.state).toBe('compensated');
    expect(done?.steps.map((step) => step.state)).toEqual(['compensated', 'compensated']);
  });

  it('does not spend an attempt on a call the open circuit refused', async () => {
    const script = [circuitOpen, circuitOpen, unavailable, unavailable];
    const { definition, calls } = twoSteps(async (call) => {
      const fail = script[call - 1];
      if (fail) throw fail();
    });
    const { engine } = setup(definition);

    const outcome = await engine.start(definition, { email: 'b@x' });

    // 3 attempts allowed: two refusals and two failures still leave the fifth call its turn.
    expect(outcome.state).toBe('compensated');
    expect(calls()).toBe(5);
    const record = await engine.get(outcome.sagaId);
    // journaled attempts count the calls that reached the participant (refusals once)
    expect(record?.steps[0]).toMatchObject({ state: 'compensated', compensationAttempts: 3 });
  });

  it('ends compensation_failed, with an alert, once the budget is spent', async () => {
    const { definition } = twoSteps(async () => {
      throw unavailable();
    }, 'outage-budget');
    const { engine, lines, advance } = setup(definition, { compensationBudgetMs: 60_000 });
    const before = await metricValue('saga_outcomes_total', {
      type: 'outage-budget',
      state: 'compensation_failed',
    });

    const failure = await engine
      .start(definition, { email: 'c@x' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SagaCompensationDeferredError);
    advance(30_000);
    await engine.recoverExpired();
    advance(31_000);
    await engine.recoverExpired();

    const [sagaId] = (await engine.list({ offset: 0, limit: 1 })).sagas.map((saga) => saga.id);
    const record = await engine.get(sagaId!);
    expect(record?.state).toBe('compensation_failed');
    expect(record?.steps[0]).toMatchObject({
      state: 'compensation_failed',
      error: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect(lines.some((line) => line['level'] === 50 && line['sagaId'] === sagaId)).toBe(true);
    expect(
      await metricValue('saga_outcomes_total', {
        type: 'outage-budget',
        state: 'compensation_failed',
      }),
    ).toBe(before + 1);
  });

  it('ends compensation_failed at once on a refusal that is not retryable', async () => {
    const { definition, calls } = twoSteps(async () => {
      throw refused();
    });
    const { engine, journal } = setup(definition);

    const outcome = await engine.start(definition, { email: 'd@x' });

    expect(outcome.state).toBe('compensation_failed');
    expect(calls()).toBe(1);
    // the alert also goes out as an event, stored with the write that ended the saga
    expect(journal.events.map((event) => event.name)).toEqual([
      'saga.started',
      'saga.step.succeeded',
      'saga.step.failed',
      'saga.compensation_failed',
    ]);
    expect(journal.events.at(-1)?.payload).toMatchObject({
      sagaId: outcome.sagaId,
      failedStep: 'b',
      uncompensatedSteps: ['a'],
    });
  });
});

describe('an operator retry', () => {
  it('resumes a compensation_failed saga, journaling who and when, and recovery compensates it', async () => {
    let locked = true;
    const { definition } = twoSteps(async () => {
      if (locked) throw refused();
    });
    const { engine } = setup(definition);
    const outcome = await engine.start(definition, { email: 'e@x' });
    expect(outcome.state).toBe('compensation_failed');

    expect(await engine.retryCompensation(outcome.sagaId, 'operator-1')).toBe('retried');
    expect(await engine.retryCompensation(outcome.sagaId, 'operator-1')).toBe('not_failed');
    expect(await engine.retryCompensation('unknown', 'operator-1')).toBe('not_found');
    locked = false;
    expect(await engine.recoverExpired()).toBe(1);

    const record = await engine.get(outcome.sagaId);
    expect(record?.state).toBe('compensated');
    expect(record?.operatorRetries).toEqual([{ by: 'operator-1', at: expect.any(String) }]);
  });
});
