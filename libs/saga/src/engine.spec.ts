import { Writable } from 'node:stream';
import pino from 'pino';
import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import { rpcError } from '@medicalink/messaging';
import { currentContext, runInContext } from '@medicalink/observability';
import type { SagaDefinition, SagaStep, StepContext } from './definition';
import { SagaEngine, type SagaEngineOptions } from './engine';
import { SagaConflictError, SagaInterruptedError, type SagaPendingError } from './errors';
import { InMemorySagaJournal } from './in-memory-journal';

interface Input {
  email: string;
  password?: string;
}

type Ctx = StepContext<Input>;

const retryable = () => rpcError('SERVICE_UNAVAILABLE', 'down', 503, true);
const fatal = () => new DomainError('EMAIL_TAKEN', 'taken', 409);
const hang = () => new Promise<never>(() => undefined);

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, destination), lines };
}

interface FakeBehaviour {
  invoke?: (ctx: Ctx, call: number) => Promise<unknown>;
  compensate?: ((ctx: Ctx, call: number) => Promise<void>) | null;
}

/** A step that records what ran in `events` and behaves as told per call (1-based). */
function fake(
  name: string,
  events: string[],
  behaviour: FakeBehaviour = {},
  extra: Partial<SagaStep<Input>> = {},
): SagaStep<Input> {
  let invokes = 0;
  let compensations = 0;
  const step: SagaStep<Input> = {
    name,
    ...extra,
    async invoke(ctx) {
      invokes += 1;
      events.push(`invoke:${name}`);
      const result = behaviour.invoke ? await behaviour.invoke(ctx, invokes) : { from: name };
      events.push(`done:${name}`);
      return result;
    },
  };
  if (behaviour.compensate !== null) {
    step.compensate = async (ctx) => {
      compensations += 1;
      events.push(`compensate:${name}`);
      await behaviour.compensate?.(ctx, compensations);
      events.push(`compensated:${name}`);
    };
  }
  return step;
}

function define(
  steps: SagaDefinition<Input>['steps'],
  extra: Partial<SagaDefinition<Input>> = {},
): SagaDefinition<Input> {
  return { type: 'signup', version: 1, steps, businessKey: (input) => input.email, ...extra };
}

function setup(
  definition: SagaDefinition<Input>,
  options: Partial<SagaEngineOptions> = {},
  journal = new InMemorySagaJournal(),
) {
  const sleeps: number[] = [];
  const { logger, lines } = captureLogger();
  const engine = new SagaEngine(journal, [definition], {
    instanceId: 'engine-a',
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { journal, engine, sleeps, lines };
}

const input: Input = { email: 'ada@example.com', password: 's3cret' };

async function outcomeCount(type: string, state: string): Promise<number> {
  const metric = await register.getSingleMetric('saga_outcomes_total')?.get();
  const value = metric?.values.find(
    (entry) => entry.labels['type'] === type && entry.labels['state'] === state,
  );
  return value?.value ?? 0;
}

describe('SagaEngine', () => {
  it('runs sequential steps in order, passing results forward, and journals each', async () => {
    const events: string[] = [];
    const keys: string[] = [];
    const definition = define([
      fake('account', events, {
        invoke: async (ctx) => {
          keys.push(ctx.idempotencyKey);
          return { accountId: 'acc-1' };
        },
      }),
      fake('profile', events, {
        invoke: async (ctx) => ({
          profileFor: (ctx.results['account'] as { accountId: string }).accountId,
        }),
      }),
      fake('permissions', events),
    ]);
    const { engine } = setup(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome).toMatchObject({
      state: 'completed',
      failure: null,
      results: {
        account: { accountId: 'acc-1' },
        profile: { profileFor: 'acc-1' },
        permissions: { from: 'permissions' },
      },
    });
    expect(events.filter((event) => event.startsWith('invoke'))).toEqual([
      'invoke:account',
      'invoke:profile',
      'invoke:permissions',
    ]);
    expect(keys).toEqual([`${outcome.sagaId}:account`]);
    const record = await engine.get(outcome.sagaId);
    expect(record).toMatchObject({
      state: 'completed',
      businessKey: input.email,
      leaseExpiresAt: null,
    });
    expect(record?.steps.map((step) => [step.name, step.state, step.attempts])).toEqual([
      ['account', 'completed', 1],
      ['profile', 'completed', 1],
      ['permissions', 'completed', 1],
    ]);
    expect(record?.steps.every((step) => step.startedAt && step.finishedAt)).toBe(true);
  });

  it('runs the members of a parallel group concurrently', async () => {
    const events: string[] = [];
    const bothStarted = deferred();
    let started = 0;
    const member = async () => {
      started += 1;
      if (started === 2) bothStarted.resolve();
      await bothStarted.promise;
      return 'ok';
    };
    const definition = define([
      fake('a', events),
      [fake('b', events, { invoke: member }), fake('c', events, { invoke: member })],
      fake('d', events),
    ]);
    const { engine } = setup(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('completed');
    expect(outcome.results).toMatchObject({ b: 'ok', c: 'ok' });
    expect(events.indexOf('invoke:d')).toBeGreaterThan(events.indexOf('done:c'));
    const record = await engine.get(outcome.sagaId);
    expect(record?.steps.map((step) => step.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('compensates a parallel group and the earlier steps, in reverse order, when a member fails', async () => {
    const events: string[] = [];
    const definition = define([
      fake('a', events),
      [
        fake('b', events),
        fake('c', events, {
          invoke: async () => {
            throw fatal();
          },
        }),
      ],
      fake('d', events),
    ]);
    const { engine } = setup(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('compensated');
    expect(outcome.failure).toMatchObject({
      step: 'c',
      error: { code: 'EMAIL_TAKEN', status: 409 },
    });
    const compensations = events.filter((event) => event.startsWith('compensated:'));
    expect(compensations).toHaveLength(3);
    expect(compensations[2]).toBe('compensated:a');
    expect(events).not.toContain('invoke:d');
    const record = await engine.get(outcome.sagaId);
    expect(record?.steps.map((step) => [step.name, step.state])).toEqual([
      ['a', 'compensated'],
      ['b', 'compensated'],
      ['c', 'compensated'],
      ['d', 'pending'],
    ]);
    expect(record?.failure?.step).toBe('c');
  });

  it('retries a retryable failure with growing backoff and goes on when it succeeds', async () => {
    const events: string[] = [];
    const attempts: number[] = [];
    const definition = define([
      fake('a', events),
      fake('b', events, {
        invoke: async (ctx, call) => {
          attempts.push(ctx.attempt);
          if (call < 3) throw retryable();
          return 'finally';
        },
      }),
    ]);
    const { engine, sleeps } = setup(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome).toMatchObject({ state: 'completed', results: { b: 'finally' } });
    expect(attempts).toEqual([1, 2, 3]);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
    const record = await engine.get(outcome.sagaId);
    expect(record?.steps[1]).toMatchObject({ state: 'completed', attempts: 3 });
  });

  it('compensates once the retry budget is exhausted', async () => {
    const events: string[] = [];
    const definition = define([
      fake('a', events),
      fake(
        'b',
        events,
        {
          invoke: async () => {
            throw retryable();
          },
        },
        { retry: { maxAttempts: 2 } },
      ),
    ]);
    const { engine, sleeps } = setup(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('compensated');
    expect(outcome.failure).toMatchObject({ step: 'b', error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(events.filter((event) => event === 'invoke:b')).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(events.slice(-4)).toEqual([
      'compensate:b',
      'compensated:b',
      'compensate:a',
      'compensated:a',
    ]);
    const record = await engine.get(outcome.sagaId);
    expect(record?.steps[1]).toMatchObject({ state: 'compensated', attempts: 2 });
  });

  it('compensates at once, without retries, on a business-fatal error', async () => {
    const events: string[] = [];
    const definition = define([
      fake('a', events),
      fake('b', events, {
        invoke: async () => {
          throw rpcError('EMAIL_TAKEN', 'taken', 409, false);
        },
      }),
      fake('c', events),
    ]);
    const { engine, sleeps } = setup(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('compensated');
    expect(outcome.failure?.error).toMatchObject({ code: 'EMAIL_TAKEN', retryable: false });
    expect(sleeps).toEqual([]);
    expect(events).not.toContain('invoke:c');
    const record = await engine.get(outcome.sagaId);
    expect(record?.steps.map((step) => [step.state, step.attempts])).toEqual([
      ['compensated', 1],
      ['compensated', 1],
      ['pending', 0],
    ]);
  });

  it('counts a timed-out attempt as a failure and compensates the timed-out step', async () => {
    const events: string[] = [];
    const definition = define([
      fake('a', events),
      fake('b', events, { invoke: hang }, { timeoutMs: 20, retry: { maxAttempts: 2 } }),
    ]);
    const { engine, sleeps } = setup(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('compensated');
    expect(outcome.failure).toMatchObject({
      step: 'b',
      error: { code: 'SAGA_STEP_TIMEOUT', retryable: true },
    });
    expect(sleeps).toHaveLength(1);
    expect(events).toContain('compensated:b');
    expect(events.indexOf('compensated:b')).toBeLessThan(events.indexOf('compensated:a'));
  });

  it('retries a failing compensation until it succeeds', async () => {
    const events: string[] = [];
    const definition = define([
      fake('a', events, {
        compensate: async (_ctx, call) => {
          // retryable, but not an outage: retried in process, not handed back to the journal
          if (call < 3)
            throw new DomainError('ACCOUNT_BUSY', 'accounts busy', 423, undefined, true);
        },
      }),
      fake('b', events, {
        invoke: async () => {
          throw fatal();
        },
      }),
    ]);
    const { engine, sleeps } = setup(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('compensated');
    expect(sleeps).toHaveLength(2);
    const record = await engine.get(outcome.sagaId);
    expect(record?.steps[0]).toMatchObject({
      state: 'compensated',
      compensationAttempts: 3,
      // the journal keeps the last failure for the record, even after the compensation succeeded
      error: { code: 'ACCOUNT_BUSY', message: 'accounts busy' },
    });
  });

  it('ends in compensation_failed when a compensation keeps failing, still compensating earlier steps', async () => {
    const events: string[] = [];
    const definition = define(
      [
        fake('a', events),
        fake('b', events, {
          compensate: async () => {
            throw new DomainError('DIRECTORY_BUSY', 'directory busy', 423, undefined, true);
          },
        }),
        fake('c', events, {
          invoke: async () => {
            throw fatal();
          },
        }),
      ],
      { type: 'signup-stuck', compensationRetry: { maxAttempts: 4 } },
    );
    const { engine, lines } = setup(definition);
    const before = await outcomeCount('signup-stuck', 'compensation_failed');

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('compensation_failed');
    expect(events).toContain('compensated:a');
    expect(events.filter((event) => event === 'compensate:b')).toHaveLength(4);
    const record = await engine.get(outcome.sagaId);
    expect(record?.state).toBe('compensation_failed');
    expect(record?.steps.map((step) => step.state)).toEqual([
      'compensated',
      'compensation_failed',
      'compensated',
    ]);
    expect(record?.steps[1]).toMatchObject({
      compensationAttempts: 4,
      error: { message: 'directory busy', status: 423 },
    });
    const alert = lines.find((line) => line['level'] === 50);
    expect(alert).toMatchObject({ sagaId: outcome.sagaId, sagaType: 'signup-stuck' });
    expect(await outcomeCount('signup-stuck', 'compensation_failed')).toBe(before + 1);
  });

  it('removes scrubInputAfter keys from the journaled input once the step completed', async () => {
    const events: string[] = [];
    const seen: unknown[] = [];
    const journalSeen: unknown[] = [];
    const journal = new InMemorySagaJournal();
    const definition = define([
      fake(
        'account',
        events,
        {
          invoke: async (ctx) => {
            journalSeen.push((await journal.get(ctx.sagaId))?.input);
            return 'acc-1';
          },
        },
        { scrubInputAfter: ['password'] },
      ),
      fake('profile', events, {
        invoke: async (ctx) => {
          seen.push(ctx.input);
          journalSeen.push((await journal.get(ctx.sagaId))?.input);
        },
      }),
    ]);
    const { engine } = setup(definition, {}, journal);

    const outcome = await engine.start(definition, input);

    expect(journalSeen).toEqual([input, { email: input.email }]);
    expect(seen).toEqual([{ email: input.email }]);
    expect(input.password).toBe('s3cret');
    expect((await engine.get(outcome.sagaId))?.input).toEqual({ email: input.email });
  });

  it("drives steps and compensations without the caller's deadline, keeping its correlation id", async () => {
    const events: string[] = [];
    const seen: unknown[] = [];
    const record = () => {
      const context = currentContext();
      seen.push([context?.correlationId, context?.deadline]);
    };
    const definition = define([
      fake('account', events, {
        invoke: async () => {
          record();
          await new Promise((resolve) => setTimeout(resolve, 50)); // outlives the caller
        },
        compensate: async () => record(),
      }),
      fake('profile', events, {
        invoke: async () => {
          record();
          throw fatal();
        },
      }),
    ]);
    const { engine } = setup(definition);
    const caller = { correlationId: 'corr-1', deadline: Date.now() - 1 }; // the caller gave up

    // The caller hears which saga is still going on; the saga itself goes on to its end.
    const pending: unknown = await runInContext(caller, () =>
      engine.start(definition, input),
    ).catch((error: unknown) => error);
    expect(pending).toMatchObject({ code: 'SAGA_PENDING', status: 503 });
    await engine.stopRecovery(); // waits for the drives in flight
    const { sagaId } = (pending as SagaPendingError).context?.['saga'] as { sagaId: string };
    expect((await engine.get(sagaId))?.state).toBe('compensated');
    expect(seen).toEqual([
      ['corr-1', undefined],
      ['corr-1', undefined],
      ['corr-1', undefined],
    ]);
  });

  describe('a start with the id of an earlier start', () => {
    const SAGA_ID = '00000000-0000-4000-8000-000000000001';

    it('joins the saga in flight instead of running another, and shares its outcome', async () => {
      const events: string[] = [];
      const release = deferred();
      const definition = define([fake('a', events, { invoke: () => release.promise })]);
      const { engine } = setup(definition);

      const first = engine.start(definition, input, { sagaId: SAGA_ID });
      const repeated = engine.start(definition, input, { sagaId: SAGA_ID });
      release.resolve();

      const outcomes = await Promise.all([first, repeated]);
      expect(outcomes.map((outcome) => [outcome.sagaId, outcome.state])).toEqual([
        [SAGA_ID, 'completed'],
        [SAGA_ID, 'completed'],
      ]);
      expect(events.filter((event) => event.startsWith('invoke'))).toEqual(['invoke:a']);
    });

    it('answers the recorded outcome of an ended saga, running nothing', async () => {
      const events: string[] = [];
      const definition = define([
        fake('a', events),
        fake('b', events, {
          invoke: async () => {
            throw fatal();
          },
        }),
      ]);
      const { engine } = setup(definition);
      const first = await engine.start(definition, input, { sagaId: SAGA_ID });
      const eventsBefore = events.length;

      const repeated = await engine.start(definition, input, { sagaId: SAGA_ID });

      expect(first.state).toBe('compensated');
      expect(repeated).toEqual(first);
      expect(events).toHaveLength(eventsBefore);
    });

    it('reads the journal until the saga another instance drives has ended', async () => {
      const events: string[] = [];
      const release = deferred();
      const definition = define([fake('a', events, { invoke: () => release.promise })]);
      const journal = new InMemorySagaJournal();
      const driving = setup(definition, { instanceId: 'engine-a' }, journal).engine;
      const joining = setup(definition, { instanceId: 'engine-b' }, journal).engine;

      const first = driving.start(definition, input, { sagaId: SAGA_ID });
      const repeated = joining.start(definition, input, { sagaId: SAGA_ID });
      setTimeout(() => release.resolve(), 150);

      expect((await repeated).state).toBe('completed');
      expect((await first).state).toBe('completed');
      expect(events.filter((event) => event.startsWith('invoke'))).toEqual(['invoke:a']);
    });

    it("answers SAGA_PENDING with the saga when it has not ended by the caller's deadline", async () => {
      const release = deferred();
      const definition = define([fake('a', [], { invoke: () => release.promise })]);
      const journal = new InMemorySagaJournal();
      const driving = setup(definition, { instanceId: 'engine-a' }, journal).engine;
      const joining = setup(definition, { instanceId: 'engine-b' }, journal).engine;
      const first = driving.start(definition, input, { sagaId: SAGA_ID });

      const caller = { correlationId: 'corr-2', deadline: Date.now() + 250 };
      const repeated = runInContext(caller, () =>
        joining.start(definition, input, { sagaId: SAGA_ID }),
      );

      await expect(repeated).rejects.toMatchObject({
        code: 'SAGA_PENDING',
        status: 503,
        context: { saga: { sagaId: SAGA_ID, state: 'running' } },
      });
      release.resolve();
      expect((await first).state).toBe('completed');
    });

    it('refuses it for a different request (another business key)', async () => {
      const definition = define([fake('a', [])]);
      const { engine } = setup(definition);
      await engine.start(definition, input, { sagaId: SAGA_ID });

      await expect(
        engine.start(definition, { email: 'other@example.com' }, { sagaId: SAGA_ID }),
      ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    });

    it('refuses it for a request the caller tells apart from the journaled one', async () => {
      const definition = define([fake('a', [])]);
      const { engine } = setup(definition);
      const tagged = { ...input, tag: 'first' };
      await engine.start(definition, tagged, { sagaId: SAGA_ID });
      const sameTag = (tag: string) => (journaled: unknown) =>
        (journaled as { tag?: string }).tag === tag;

      await expect(
        engine.start(definition, tagged, { sagaId: SAGA_ID, sameRequest: sameTag('second') }),
      ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
      const joined = await engine.start(definition, tagged, {
        sagaId: SAGA_ID,
        sameRequest: sameTag('first'),
      });
      expect(joined.state).toBe('completed');
    });
  });

  it('refuses a second live saga with the same business key', async () => {
    const events: string[] = [];
    const release = deferred();
    const definition = define([fake('a', events, { invoke: () => release.promise })]);
    const { engine } = setup(definition);

    const first = engine.start(definition, input);
    await expect(engine.start(definition, input)).rejects.toBeInstanceOf(SagaConflictError);
    await expect(engine.start(definition, input)).rejects.toMatchObject({
      code: 'SAGA_ALREADY_RUNNING',
      status: 409,
    });
    release.resolve();
    await expect(first).resolves.toMatchObject({ state: 'completed' });
    await expect(engine.start(definition, input)).resolves.toMatchObject({ state: 'completed' });
  });

  it('refuses to start a definition it was not given', async () => {
    const definition = define([fake('a', [])]);
    const { engine } = setup(definition);

    await expect(engine.start({ ...definition, version: 2 }, input)).rejects.toThrow(
      /not registered/,
    );
  });

  it('stops without further writes when another instance took the lease, which then finishes the saga', async () => {
    let clock = 1_000_000;
    const journal = new InMemorySagaJournal({ now: () => clock });
    const events: string[] = [];
    const hung = deferred();
    const invokedBy: string[] = [];
    const make = (instance: string) =>
      define([
        fake('a', events),
        fake('b', events, {
          invoke: async (ctx) => {
            invokedBy.push(`${instance}:${ctx.attempt}`);
            if (instance === 'a') await hung.promise;
            return instance;
          },
        }),
      ]);
    const { first, second } = frozenAndRecoverer(journal, make);

    const abandoned = first.start(make('a'), input);
    await vitestUntil(() => invokedBy.length === 1);
    expect(await second.recoverExpired()).toBe(0);
    clock += 1_001;
    expect(await second.recoverExpired()).toBe(1);
    const [sagaId] = journal.ids();
    const finished = await journal.get(sagaId ?? '');
    expect(finished).toMatchObject({ state: 'completed', leaseOwner: 'b', results: { b: 'b' } });

    hung.resolve();
    await expect(abandoned).rejects.toBeInstanceOf(SagaInterruptedError);
    expect(await journal.get(sagaId ?? '')).toEqual(finished);
    expect(invokedBy).toEqual(['a:1', 'b:2']);
  });

  it('resumes a saga in the trace it was started in (untraced: the traceparent its messages and logs carry)', async () => {
    let clock = 1_000_000;
    const journal = new InMemorySagaJournal({ now: () => clock });
    const hung = deferred();
    const seen: (string | undefined)[] = [];
    const make = (instance: string) =>
      define([
        fake('a', [], {
          invoke: async () => {
            seen.push(currentContext()?.traceparent);
            if (instance === 'a') await hung.promise;
            return instance;
          },
        }),
      ]);
    const { first, second } = frozenAndRecoverer(journal, make);
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    const abandoned = runInContext({ correlationId: 'request-1', traceparent }, () =>
      first.start(make('a'), input).catch(() => undefined),
    );
    await vitestUntil(() => seen.length === 1);
    clock += 1_001;
    expect(await second.recoverExpired()).toBe(1);
    hung.resolve();
    await abandoned;

    const [sagaId] = journal.ids();
    expect((await journal.get(sagaId ?? ''))?.trace).toEqual({ traceparent });
    expect(seen).toEqual([traceparent, traceparent]);
  });

  it('flags a saga whose definition version it does not know, and leaves it alone', async () => {
    let clock = 1_000_000;
    const journal = new InMemorySagaJournal({ now: () => clock });
    const hung = deferred();
    const v1 = define([fake('a', [], { invoke: () => hung.promise })], { type: 'versioned' });
    const v2 = { ...v1, version: 2 };
    const { logger, lines } = captureLogger();
    const options = { logger, sleep: async () => undefined, leaseMs: 1_000 };
    const old = new SagaEngine(journal, [v1], {
      ...options,
      instanceId: 'old',
      renewLeases: false,
    });
    const upgraded = new SagaEngine(journal, [v2], { ...options, instanceId: 'new' });

    void old.start(v1, input).catch(() => undefined);
    await vitestUntil(() => journal.ids().length === 1);
    clock += 5_000;

    expect(await upgraded.recoverExpired()).toBe(0);
    const [sagaId] = journal.ids();
    const record = await journal.get(sagaId ?? '');
    expect(record).toMatchObject({
      state: 'running',
      flagged: 'unknown saga definition versioned@1',
    });
    expect(lines.find((line) => line['level'] === 50)).toMatchObject({
      sagaId,
      reason: record?.flagged,
    });
    clock += 5_000;
    const knowing = new SagaEngine(journal, [v1], { ...options, instanceId: 'knowing' });
    expect(await knowing.recoverExpired()).toBe(0);
    hung.resolve();
  });
});

/** Instance `a` never renews its leases (as if frozen); instance `b` recovers what it drops. */
function frozenAndRecoverer(
  journal: InMemorySagaJournal,
  make: (instance: string) => SagaDefinition<Input>,
) {
  const options = {
    logger: pino({ level: 'silent' }),
    sleep: async () => undefined,
    leaseMs: 1_000,
  };
  return {
    first: new SagaEngine(journal, [make('a')], {
      ...options,
      instanceId: 'a',
      renewLeases: false,
    }),
    second: new SagaEngine(journal, [make('b')], { ...options, instanceId: 'b' }),
  };
}

async function vitestUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  expect(condition()).toBe(true);
}

describe('a lease check racing the final write', () => {
  it('keeps the outcome of a saga whose last write ended it, even if renewal then finds nothing live', async () => {
    const inner = new InMemorySagaJournal();
    // The final write takes a while to return, long enough for the renewal timer (every
    // leaseMs/3) to run and find the saga no longer live, as a real row lock makes it.
    const journal = Object.create(inner) as InMemorySagaJournal;
    journal.write = async (fence, write) => {
      const written = await inner.write(fence, write);
      if (write.saga?.state === 'completed')
        await new Promise((resolve) => setTimeout(resolve, 60));
      return written;
    };
    const events: string[] = [];
    const definition = define([fake('a', events), fake('b', events)]);
    const engine = new SagaEngine(journal, [definition], {
      instanceId: 'solo',
      leaseMs: 30,
      logger: pino({ level: 'silent' }),
    });
    const outcome = await engine.start(definition, { email: 'race@x' });
    expect(outcome.state).toBe('completed');
  });
});
