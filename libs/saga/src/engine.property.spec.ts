import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import type { SagaDefinition, SagaRecord, SagaStep } from './definition';
import { SagaEngine } from './engine';
import { InMemorySagaJournal } from './in-memory-journal';
import type {
  CompensationDeferral,
  JournalFence,
  JournalWrite,
  NewSaga,
  OperatorRetryResult,
  SagaJournal,
  SagaListQuery,
} from './journal';

type Attempt = 'ok' | 'retryable' | 'fatal' | 'timeout';
type Compensation = 'ok' | 'fail';
interface Crash {
  /** 0-based index of the journal write (create, write or flag) that crashes the process */
  atWrite: number;
  /** whether that write reached the journal before the crash */
  applied: boolean;
}
interface Scenario {
  groups: number[];
  /** event-loop turns each journal write takes, so concurrent writes of a group interleave */
  latencies: number[];
  attempts: Attempt[][];
  compensations: Compensation[][];
  crash: Crash | null;
}

const MAX_STEPS = 12;
const attempt = fc.oneof(
  { arbitrary: fc.constant<Attempt>('ok'), weight: 5 },
  { arbitrary: fc.constant<Attempt>('retryable'), weight: 2 },
  { arbitrary: fc.constant<Attempt>('fatal'), weight: 1 },
  { arbitrary: fc.constant<Attempt>('timeout'), weight: 1 },
);
const compensation = fc.oneof(
  { arbitrary: fc.constant<Compensation>('ok'), weight: 2 },
  { arbitrary: fc.constant<Compensation>('fail'), weight: 1 },
);
const scenarios: fc.Arbitrary<Scenario> = fc.record({
  groups: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
  latencies: fc.array(fc.nat({ max: 3 }), { maxLength: 40 }),
  attempts: fc.array(fc.array(attempt, { maxLength: 4 }), {
    minLength: MAX_STEPS,
    maxLength: MAX_STEPS,
  }),
  compensations: fc.array(fc.array(compensation, { maxLength: 4 }), {
    minLength: MAX_STEPS,
    maxLength: MAX_STEPS,
  }),
  crash: fc.option(fc.record({ atWrite: fc.nat({ max: 30 }), applied: fc.boolean() }), {
    nil: null,
  }),
});

interface Event {
  kind: 'invoke' | 'compensated';
  step: string;
}

/** Delegates to a journal until the chosen write, which "kills the process": it and every later call throw. */
class CrashingJournal implements SagaJournal {
  crashed = false;
  sagaId: string | undefined;
  private writes = 0;

  constructor(
    private readonly inner: SagaJournal,
    private readonly crash: Crash | null,
    private readonly latencies: number[] = [],
  ) {}

  create(saga: NewSaga): Promise<void> {
    this.sagaId = saga.id;
    return this.mutate(() => this.inner.create(saga));
  }
  write(fence: JournalFence, write: JournalWrite): Promise<boolean> {
    return this.mutate(() => this.inner.write(fence, write));
  }
  flag(sagaId: string, owner: string, reason: string): Promise<boolean> {
    return this.mutate(() => this.inner.flag(sagaId, owner, reason));
  }
  async renewLeases(owner: string, ids: readonly string[], leaseMs: number): Promise<string[]> {
    this.assertAlive();
    return this.inner.renewLeases(owner, ids, leaseMs);
  }
  async claimExpired(owner: string, leaseMs: number, limit: number): Promise<SagaRecord[]> {
    this.assertAlive();
    return this.inner.claimExpired(owner, leaseMs, limit);
  }
  get(sagaId: string): Promise<SagaRecord | null> {
    return this.inner.get(sagaId);
  }
  defer(fence: JournalFence, deferral: CompensationDeferral): Promise<boolean> {
    return this.mutate(() => this.inner.defer(fence, deferral));
  }
  list(query: SagaListQuery): Promise<{ sagas: SagaRecord[]; total: number }> {
    return this.inner.list(query);
  }
  retryCompensation(sagaId: string, by: string): Promise<OperatorRetryResult> {
    return this.mutate(() => this.inner.retryCompensation(sagaId, by));
  }

  private async mutate<T>(apply: () => Promise<T>): Promise<T> {
    this.assertAlive();
    const index = this.writes++;
    for (let turn = 0; turn < (this.latencies[index] ?? 0); turn += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.assertAlive();
    if (this.crash?.atWrite !== index) return apply();
    this.crashed = true;
    if (this.crash.applied) await apply();
    throw new Error('simulated crash');
  }

  private assertAlive(): void {
    if (this.crashed) throw new Error('process is gone');
  }
}

function build(
  scenario: Scenario,
  journal: SagaJournal,
  events: Event[],
  violations: string[],
): SagaDefinition<{ key: string }> {
  let index = 0;
  const steps = scenario.groups.map((size) =>
    Array.from({ length: size }, (): SagaStep<{ key: string }> => {
      const position = index++;
      const name = `s${position}`;
      const attempts = scenario.attempts[position] ?? [];
      const compensations = scenario.compensations[position] ?? [];
      let invokes = 0;
      let compensateCalls = 0;
      return {
        name,
        timeoutMs: 3,
        retry: { maxAttempts: 3 },
        async invoke(ctx) {
          events.push({ kind: 'invoke', step: name });
          const journaled = (await journal.get(ctx.sagaId))?.steps.find(
            (step) => step.name === name,
          );
          if (journaled?.state !== 'started' || journaled.attempts !== ctx.attempt) {
            violations.push(`${name} invoked while journaled as ${JSON.stringify(journaled)}`);
          }
          const outcome = attempts[invokes++] ?? 'ok';
          if (outcome === 'retryable') throw new DomainError('DOWN', 'down', 503, undefined, true);
          if (outcome === 'fatal') throw new DomainError('REFUSED', 'refused', 409);
          if (outcome === 'timeout') return new Promise(() => undefined);
          return { name };
        },
        async compensate() {
          if ((compensations[compensateCalls++] ?? 'ok') === 'fail') throw new Error('undo failed');
          events.push({ kind: 'compensated', step: name });
        },
      };
    }),
  );
  return {
    type: 'property',
    version: 1,
    steps,
    businessKey: (input) => input.key,
    compensationRetry: { maxAttempts: 3 },
  };
}

function checkInvariants(record: SagaRecord, events: Event[]): void {
  expect(record.flagged).toBeNull();
  expect(['completed', 'compensated', 'compensation_failed']).toContain(record.state);
  for (const step of record.steps) {
    const invokes = events.filter((event) => event.kind === 'invoke' && event.step === step.name);
    // Started before invoked: every invocation was journaled first (a crash may leave one extra).
    expect(invokes.length).toBeLessThanOrEqual(step.attempts);
    const compensatedAt = events.findIndex(
      (event) => event.kind === 'compensated' && event.step === step.name,
    );
    if (compensatedAt >= 0) {
      const lastInvoke = events.findLastIndex(
        (event) => event.kind === 'invoke' && event.step === step.name,
      );
      expect(lastInvoke).toBeLessThan(compensatedAt);
    }
    if (step.attempts === 0) expect(step.state).toBe('pending');
  }
  const started = record.steps.filter((step) => step.attempts > 0);
  if (record.state === 'completed') {
    expect(record.steps.every((step) => step.state === 'completed')).toBe(true);
    expect(events.some((event) => event.kind === 'compensated')).toBe(false);
  } else if (record.state === 'compensated') {
    expect(started.every((step) => step.state === 'compensated')).toBe(true);
  } else {
    expect(started.some((step) => step.state === 'compensation_failed')).toBe(true);
    expect(
      started.every((step) => step.state === 'compensated' || step.state === 'compensation_failed'),
    ).toBe(true);
  }
}

describe('SagaEngine under arbitrary failures and crashes', () => {
  it(
    'commits every step, or compensates every started step, or says compensation_failed',
    { timeout: 30_000 },
    async () => {
      const logger = pino({ level: 'silent' });
      const options = { logger, sleep: async () => undefined, leaseMs: 1_000 };
      await fc.assert(
        fc.asyncProperty(scenarios, async (scenario) => {
          let clock = 1_000_000;
          const store = new InMemorySagaJournal({ now: () => clock });
          const events: Event[] = [];
          const violations: string[] = [];
          const definition = build(scenario, store, events, violations);
          const journal = new CrashingJournal(store, scenario.crash, scenario.latencies);
          const first = new SagaEngine(journal, [definition], {
            ...options,
            instanceId: 'first',
            renewLeases: false,
          });

          const outcome = await first.start(definition, { key: 'k' }).catch(() => null);

          if (journal.crashed) {
            expect(outcome).toBeNull();
            clock += 5_000;
            const second = new SagaEngine(store, [definition], {
              ...options,
              instanceId: 'second',
            });
            const record = journal.sagaId ? await store.get(journal.sagaId) : null;
            const resumable =
              record !== null && (record.state === 'running' || record.state === 'compensating');
            expect(await second.recoverExpired()).toBe(resumable ? 1 : 0);
          } else {
            expect(outcome?.state).not.toBeUndefined();
          }
          const record = journal.sagaId ? await store.get(journal.sagaId) : null;
          if (!record) {
            expect(events).toEqual([]);
            return;
          }
          if (outcome) expect(outcome.state).toBe(record.state);
          checkInvariants(record, events);
          expect(violations).toEqual([]);
        }),
        { numRuns: 200 },
      );
    },
  );
});
