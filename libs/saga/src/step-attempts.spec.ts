import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_MESSAGES } from '@medicalink/errors';
import { rpcError } from '@medicalink/messaging';
import type { SagaDefinition } from './definition';
import { SagaEngine } from './engine';
import { InMemorySagaJournal } from './in-memory-journal';

interface Input {
  key: string;
}

const input: Input = { key: 'hospital-1' };

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

/**
 * A step whose every invocation never answers: as when its request kills the participant, or
 * the orchestrator itself, and the drive is cut short. Each "restart" is a new engine that
 * takes the saga over once its lease expired.
 */
describe('attempts of a step that never answers, across restarts', () => {
  it('are journaled before each is sent; once all are used the step fails and the saga compensates', async () => {
    let clock = 1_000_000;
    const journal = new InMemorySagaJournal({ now: () => clock });
    const sent: number[] = [];
    const compensated: string[] = [];
    const definition: SagaDefinition<Input> = {
      type: 'import',
      version: 1,
      businessKey: (i) => i.key,
      steps: [
        {
          name: 'reserve',
          invoke: async () => ({ reserved: true }),
          compensate: async () => {
            compensated.push('reserve');
          },
        },
        {
          name: 'spreadsheet',
          timeoutMs: 600_000,
          invoke: async (ctx) => {
            sent.push(ctx.attempt);
            return new Promise<never>(() => undefined);
          },
          compensate: async () => {
            compensated.push('spreadsheet');
          },
        },
      ],
    };
    const restart = (n: number) =>
      new SagaEngine(journal, [definition], {
        instanceId: `orchestrator-run-${n}`,
        logger: pino({ level: 'silent' }),
        sleep: async () => undefined,
        leaseMs: 1_000,
        renewLeases: false,
      });

    const ended = async () => {
      const saga = await journal.get(journal.ids()[0] ?? '');
      return saga?.state === 'compensated';
    };
    // Each run hangs in the step until the next one takes over (a dead process never returns).
    restart(0)
      .start(definition, input)
      .catch(() => undefined);
    await waitFor(async () => sent.length === 1);
    for (let run = 1; run <= 5 && !(await ended()); run += 1) {
      clock += 1_001; // the previous run's lease expires
      restart(run)
        .recoverExpired()
        .catch(() => undefined);
      await waitFor(async () => sent.length === run + 1 || (await ended()));
    }

    expect(sent).toEqual([1, 2, 3]);
    const [sagaId] = journal.ids();
    const saga = await journal.get(sagaId ?? '');
    expect(saga?.state).toBe('compensated');
    expect(saga?.failure).toMatchObject({
      step: 'spreadsheet',
      error: { code: 'SAGA_STEP_ATTEMPTS_EXHAUSTED', status: 504, retryable: false },
    });
    expect(saga?.steps[1]).toMatchObject({ state: 'compensated', attempts: 3 });
    expect(compensated).toEqual(['spreadsheet', 'reserve']);
  });
});

describe('a step failing with an internal error (5xx)', () => {
  it('is journaled and reported with a generic message and no details; the logs keep the original', async () => {
    const journal = new InMemorySagaJournal();
    const { logger, lines } = captureLogger();
    const definition: SagaDefinition<Input> = {
      type: 'import',
      version: 1,
      businessKey: (i) => i.key,
      steps: [
        {
          name: 'spreadsheet',
          retry: { maxAttempts: 2 },
          invoke: async (ctx) => {
            if (ctx.attempt === 1) {
              throw rpcError(
                'DATABASE_UNAVAILABLE',
                'connect ECONNREFUSED 10.1.2.3:5432',
                503,
                true,
              );
            }
            throw Object.assign(new Error('relation "schedule_versions" does not exist'), {
              code: '42P01',
            });
          },
        },
      ],
    };
    const engine = new SagaEngine(journal, [definition], {
      instanceId: 'a',
      logger,
      sleep: async () => undefined,
    });

    const outcome = await engine.start(definition, input);

    const internal = {
      code: 'INTERNAL_ERROR',
      message: INTERNAL_ERROR_MESSAGES.default,
      status: 500,
      retryable: false,
    };
    expect(outcome.failure).toEqual({ step: 'spreadsheet', error: internal });
    const saga = await journal.get(outcome.sagaId);
    expect(saga?.steps[0]?.error).toEqual(internal);
    const stored = JSON.stringify([saga, journal.events]);
    expect(stored).not.toMatch(/schedule_versions|ECONNREFUSED|10\.1\.2\.3/);
    const logged = JSON.stringify(lines);
    expect(logged).toContain('relation \\"schedule_versions\\" does not exist');
    expect(logged).toContain('connect ECONNREFUSED 10.1.2.3:5432');
  });

  it('keeps a refusal (4xx) as it is', async () => {
    const journal = new InMemorySagaJournal();
    const definition: SagaDefinition<Input> = {
      type: 'import',
      version: 1,
      businessKey: (i) => i.key,
      steps: [
        {
          name: 'spreadsheet',
          invoke: async () => {
            throw rpcError('SCHEDULE_NO_VALID_ROWS', 'No row of Sheet1 is valid', 422, false, {
              errors: [{ row: 2, column: 'date', message: 'not a date' }],
            });
          },
        },
      ],
    };
    const engine = new SagaEngine(journal, [definition], {
      instanceId: 'a',
      logger: pino({ level: 'silent' }),
    });
    const outcome = await engine.start(definition, input);
    expect(outcome.failure?.error).toMatchObject({
      message: 'No row of Sheet1 is valid',
      details: { errors: [{ row: 2 }] },
    });
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await condition()); tries += 1) {
    if (tries > 200) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
