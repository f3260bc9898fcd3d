import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import { rpcError } from '@medicalink/messaging';
import type { SagaDefinition, SagaStep } from './definition';
import { SagaEngine } from './engine';
import { InMemorySagaJournal } from './in-memory-journal';

interface Input {
  key: string;
}

const logger = pino({ level: 'silent' });
const input: Input = { key: 'hospital-1' };

/** A step that logs its invocations and compensations in `events`. */
function step(
  name: string,
  events: string[],
  invoke: (attempt: number) => Promise<unknown> = async () => ({ from: name }),
  extra: Partial<SagaStep<Input>> = {},
): SagaStep<Input> {
  return {
    name,
    ...extra,
    invoke: async (ctx) => {
      events.push(`invoke:${name}`);
      return invoke(ctx.attempt);
    },
    compensate: async () => {
      events.push(`compensate:${name}`);
    },
  };
}

const warnOnly = (message: string) =>
  new DomainError('ROSTER_UNREACHABLE', message, 422, { warnings: [message] });

function define(steps: SagaDefinition<Input>['steps']): SagaDefinition<Input> {
  return { type: 'import', version: 1, steps, businessKey: (i) => i.key };
}

function engineFor(definition: SagaDefinition<Input>, journal = new InMemorySagaJournal()) {
  const engine = new SagaEngine(journal, [definition], {
    instanceId: 'engine-a',
    logger,
    sleep: async () => undefined,
  });
  return { engine, journal };
}

describe('step criticality', () => {
  it("records a non-critical step's failure with its error and goes on, compensating nothing", async () => {
    const events: string[] = [];
    const definition = define([
      step('parse', events),
      step(
        'roster',
        events,
        async () => {
          throw warnOnly('roster source unreachable');
        },
        { critical: false },
      ),
      step('coverage', events),
    ]);
    const { engine } = engineFor(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('completed');
    expect(outcome.failure).toBeNull();
    expect(events).toEqual(['invoke:parse', 'invoke:roster', 'invoke:coverage']);
    expect(outcome.results).toEqual({ parse: { from: 'parse' }, coverage: { from: 'coverage' } });
    const record = await engine.get(outcome.sagaId);
    expect(record?.state).toBe('completed');
    expect(record?.steps.map((s) => [s.name, s.state])).toEqual([
      ['parse', 'completed'],
      ['roster', 'failed'],
      ['coverage', 'completed'],
    ]);
    expect(record?.steps[1]?.error).toMatchObject({
      code: 'ROSTER_UNREACHABLE',
      details: { warnings: ['roster source unreachable'] },
    });
  });

  it('retries a non-critical step within its budget before recording its failure', async () => {
    const events: string[] = [];
    const definition = define([
      step(
        'roster',
        events,
        async () => {
          throw rpcError('SERVICE_UNAVAILABLE', 'down', 503, true);
        },
        { critical: false, retry: { maxAttempts: 3 } },
      ),
      step('coverage', events),
    ]);
    const { engine } = engineFor(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('completed');
    expect(events).toEqual(['invoke:roster', 'invoke:roster', 'invoke:roster', 'invoke:coverage']);
    const record = await engine.get(outcome.sagaId);
    expect(record?.steps[0]).toMatchObject({ state: 'failed', attempts: 3 });
  });

  it('completes the saga when its last step fails non-critically', async () => {
    const events: string[] = [];
    const definition = define([
      step('parse', events),
      step(
        'coverage',
        events,
        async () => {
          throw new DomainError('COVERAGE_FAILED', 'no', 500);
        },
        { critical: false },
      ),
    ]);
    const { engine } = engineFor(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('completed');
    expect(events).not.toContain('compensate:parse');
    expect((await engine.get(outcome.sagaId))?.steps[1]?.state).toBe('failed');
  });

  it('goes on after a parallel group whose non-critical member failed', async () => {
    const events: string[] = [];
    const definition = define([
      [
        step('a', events),
        step(
          'b',
          events,
          async () => {
            throw new DomainError('B_FAILED', 'no', 400);
          },
          { critical: false },
        ),
      ],
      step('c', events),
    ]);
    const { engine } = engineFor(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('completed');
    expect(events).toContain('invoke:c');
  });

  it('still compensates every started step when a later critical step fails', async () => {
    const events: string[] = [];
    const definition = define([
      step('parse', events),
      step(
        'roster',
        events,
        async () => {
          throw new DomainError('ROSTER_BAD', 'bad', 400);
        },
        { critical: false },
      ),
      step('publish', events, async () => {
        throw new DomainError('PUBLISH_REFUSED', 'no', 409);
      }),
    ]);
    const { engine } = engineFor(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('compensated');
    expect(outcome.failure?.step).toBe('publish');
    expect(events.filter((e) => e.startsWith('compensate'))).toEqual([
      'compensate:publish',
      'compensate:roster',
      'compensate:parse',
    ]);
  });

  it('a critical failure stops the saga as before: later steps never run', async () => {
    const events: string[] = [];
    const definition = define([
      step('parse', events, async () => {
        throw new DomainError('NO_VALID_ROW', 'nothing to import', 422);
      }),
      step('roster', events, undefined, { critical: false }),
    ]);
    const { engine } = engineFor(definition);

    const outcome = await engine.start(definition, input);

    expect(outcome.state).toBe('compensated');
    expect(events).toEqual(['invoke:parse', 'compensate:parse']);
    const record = await engine.get(outcome.sagaId);
    expect(record?.steps.map((s) => s.state)).toEqual(['compensated', 'pending']);
  });

  it('a recovered saga skips a journaled non-critical failure and goes on from the next step', async () => {
    let clock = 1_000_000;
    const journal = new InMemorySagaJournal({ now: () => clock });
    const events: string[] = [];
    const hang = new Promise<never>(() => undefined);
    const make = (instance: string) =>
      define([
        step(
          'roster',
          events,
          async () => {
            throw new DomainError('ROSTER_BAD', `bad (${instance})`, 400);
          },
          { critical: false },
        ),
        step('coverage', events, async () => {
          if (instance === 'a') await hang;
          return { by: instance };
        }),
      ]);
    const options = { logger, sleep: async () => undefined, leaseMs: 1_000 };
    const first = new SagaEngine(journal, [make('a')], {
      ...options,
      instanceId: 'a',
      renewLeases: false,
    });
    const second = new SagaEngine(journal, [make('b')], { ...options, instanceId: 'b' });

    const abandoned = first.start(make('a'), input);
    abandoned.catch(() => undefined);
    await until(() => events.includes('invoke:coverage'));
    clock += 1_001;
    expect(await second.recoverExpired()).toBe(1);

    const [sagaId] = journal.ids();
    const record = await journal.get(sagaId ?? '');
    expect(record?.state).toBe('completed');
    expect(record?.steps.map((s) => [s.name, s.state])).toEqual([
      ['roster', 'failed'],
      ['coverage', 'completed'],
    ]);
    expect(record?.steps[0]?.error?.message).toBe('bad (a)');
    expect(events.filter((e) => e === 'invoke:roster')).toHaveLength(1);
    expect(events.some((e) => e.startsWith('compensate'))).toBe(false);
  });
});

describe('per-step results', () => {
  it("keeps each completed step's result on its own row, and none for a failed one", async () => {
    const events: string[] = [];
    const definition = define([
      step('parse', events, async () => ({ versionId: 'v-1', shifts: 3 })),
      step(
        'roster',
        events,
        async () => {
          throw new DomainError('ROSTER_BAD', 'bad', 400);
        },
        { critical: false },
      ),
      step('coverage', events, async () => null),
    ]);
    const { engine } = engineFor(definition);

    const outcome = await engine.start(definition, input);
    const record = await engine.get(outcome.sagaId);

    expect(record?.steps.map((s) => [s.name, s.result])).toEqual([
      ['parse', { versionId: 'v-1', shifts: 3 }],
      ['roster', null],
      ['coverage', null],
    ]);
    expect(record?.results['parse']).toEqual({ versionId: 'v-1', shifts: 3 });
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!condition()) throw new Error('condition not met');
}
