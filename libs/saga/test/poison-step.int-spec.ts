import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { INTERNAL_ERROR_MESSAGES } from '@medicalink/errors';
import {
  createDatabase,
  databaseUrl,
  ensureDatabase,
  migrateToLatest,
  persistenceMigrations,
  type Kysely,
} from '@medicalink/persistence';
import {
  CRASHING_CONSUMER_SCRIPT,
  createTestNamespace,
  eventually,
  superviseCompiled,
  type SupervisedProcess,
} from '@medicalink/testing';
import type { SagaTables } from '../src/index';
import { openSagaDatabase } from './fixtures';

/**
 * A saga step whose request ends the participant's process, on a machine where the death of
 * one app stops them all (`npm start` does) and everything is started again: the orchestrator
 * resumes the saga by lease after every restart. Its attempts are journaled before each is
 * sent, so once they are used up the step fails and the saga compensates, instead of sending
 * the request again after each restart.
 */
const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'poisonstep');
const STEP_ATTEMPTS = 3; // the engine's default
/** the participant handles each request up to this many more times when redelivered */
const REDELIVERY_LIMIT = 1;
/** runs allowed to each process: far more than a bounded run needs, so a loop ends in failure */
const MAX_STARTS = 20;

let db: Kysely<SagaTables>;
let ledgerUrl: string;
let participant: SupervisedProcess | undefined;
let driver: SupervisedProcess | undefined;

beforeAll(async () => {
  db = await openSagaDatabase(namespace, 'orchestrator');
  const server = infrastructure.postgresUrl;
  await ensureDatabase(server, namespace.database('product'));
  ledgerUrl = databaseUrl(server, namespace.database('product'));
  const ledger = createDatabase(ledgerUrl);
  await migrateToLatest(ledger, persistenceMigrations);
  await ledger.destroy();
});

afterAll(async () => {
  await driver?.stop();
  await participant?.stop();
  await db?.destroy();
  await namespace.cleanup();
});

const lines = (process: SupervisedProcess | undefined, pattern: RegExp) =>
  (process?.output() ?? '').split('\n').filter((line) => pattern.test(line));

describe('a saga step whose request kills its participant, with every app restarted after each death', () => {
  it(`is sent at most ${STEP_ATTEMPTS} times, then fails and the saga compensates`, async () => {
    const sagaId = randomUUID();
    const messaging = {
      RABBITMQ_URL: infrastructure.rabbitmqUrl,
      MESSAGING_PREFIX: namespace.prefix,
    };
    participant = superviseCompiled('participant', CRASHING_CONSUMER_SCRIPT, {
      env: () => ({
        ...messaging,
        LEDGER_DATABASE_URL: ledgerUrl,
        REDELIVERY_LIMIT: String(REDELIVERY_LIMIT),
      }),
      maxStarts: MAX_STARTS,
    });
    await participant.current().waitForOutput(/ready/, 30_000);
    const orchestrator = superviseCompiled('saga-driver', 'libs/saga/test/saga-driver.main.js', {
      env: (start) => ({
        ...messaging,
        DATABASE_URL: databaseUrl(infrastructure.postgresUrl, namespace.database('orchestrator')),
        ...(start === 1 ? { START_SAGA: '1', SAGA_ID: sagaId } : {}),
      }),
      maxStarts: MAX_STARTS,
    });
    driver = orchestrator;
    // The participant's death takes the orchestrator down with it.
    participant.onExit(() => void orchestrator.kill());

    const saga = () =>
      db.selectFrom('sagas').select('state').where('id', '=', sagaId).executeTakeFirst();
    await eventually(async () => expect((await saga())?.state).toBe('compensated'), {
      timeoutMs: 120_000,
      intervalMs: 250,
    });

    const step = await db
      .selectFrom('saga_steps')
      .select(['state', 'attempts', 'error'])
      .where('saga_id', '=', sagaId)
      .where('name', '=', 'import')
      .executeTakeFirstOrThrow();
    expect(step).toMatchObject({
      state: 'compensated',
      attempts: STEP_ATTEMPTS,
      error: {
        code: 'SAGA_STEP_ATTEMPTS_EXHAUSTED',
        message: INTERNAL_ERROR_MESSAGES[504],
        status: 504,
        retryable: false,
      },
    });
    const sent = lines(driver, /^sending import /);
    expect(sent.length).toBeLessThanOrEqual(STEP_ATTEMPTS);
    // Each request was handled at most 1 + REDELIVERY_LIMIT times, then dead-lettered.
    const handled = lines(participant, new RegExp(`^handling rpc ${sagaId}:`));
    expect(new Set(handled).size).toBeLessThanOrEqual(STEP_ATTEMPTS);
    expect(handled.length).toBeLessThanOrEqual(STEP_ATTEMPTS * (1 + REDELIVERY_LIMIT));
    expect(lines(driver, /^compensated (import|reserve)$/)).toEqual([
      'compensated import',
      'compensated reserve',
    ]);
  }, 180_000);
});
