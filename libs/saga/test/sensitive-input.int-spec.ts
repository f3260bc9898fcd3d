import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import type { Kysely } from '@medicalink/persistence';
import { createTestNamespace, eventually } from '@medicalink/testing';
import {
  SagaInputCipher,
  SagaInterruptedError,
  type SagaDefinition,
  type SagaTables,
} from '../src/index';
import { deferred, engineOn, openSagaDatabase } from './fixtures';

interface Signup {
  email: string;
  password: string;
}

const PASSWORD = 'correct horse battery staple';
const KEY = '8f1c2b7a9d4e6f0a1b3c5d7e9f2a4b6c8d0e1f3a5b7c9d2e4f6a8b0c1d3e5f7a';
const namespace = createTestNamespace(inject('infrastructure'), 'sagasec');
let db: Kysely<SagaTables>;

beforeAll(async () => {
  db = await openSagaDatabase(namespace, 'sensitive');
});

afterAll(async () => {
  await db?.destroy();
  await namespace.cleanup();
});

/** The journal's raw `input` column, as `select input from sagas` shows it. */
async function journaledInput(sagaId: string): Promise<string> {
  const row = await db
    .selectFrom('sagas')
    .select('input')
    .where('id', '=', sagaId)
    .executeTakeFirstOrThrow();
  return JSON.stringify(row.input);
}

function signup(
  type: string,
  invokeAccount: (input: Signup) => Promise<unknown>,
  profile: () => Promise<unknown> = async () => 'profile',
): SagaDefinition<Signup> {
  return {
    type,
    version: 1,
    businessKey: (input) => input.email,
    sensitiveInput: ['password'],
    steps: [
      {
        name: 'account',
        invoke: (ctx) => invokeAccount(ctx.input),
        compensate: async () => undefined,
      },
      { name: 'profile', invoke: profile, compensate: async () => undefined },
    ],
  };
}

describe('sensitive saga input', () => {
  it('never journals the password in clear, and drops it when the saga ends compensated', async () => {
    const seen: string[] = [];
    const definition = signup('sec-compensated', async (input) => {
      seen.push(input.password);
      throw new DomainError('ACCOUNT_EMAIL_TAKEN', 'email taken', 409);
    });
    const engine = engineOn(db, [definition], {
      instanceId: 'sec-1',
      inputCipher: new SagaInputCipher(KEY),
    });

    const outcome = await engine.start(definition, {
      email: 'taken@example.com',
      password: PASSWORD,
    });

    expect(seen).toEqual([PASSWORD]); // the step got the real password
    expect(outcome.state).toBe('compensated');
    const stored = await journaledInput(outcome.sagaId);
    expect(stored).not.toContain(PASSWORD);
    expect(JSON.parse(stored)).toEqual({ email: 'taken@example.com' });
  });

  it('holds only a sealed password while running, and resumes after a crash with it', async () => {
    const hung = deferred<unknown>();
    const received: { instance: string; password: string }[] = [];
    const make = (instance: string) =>
      signup('sec-resume', async (input) => {
        received.push({ instance, password: input.password });
        return instance === 'a' ? hung.promise : 'account';
      });
    const cipher = new SagaInputCipher(KEY);
    const first = engineOn(db, [make('a')], {
      instanceId: 'sec-a',
      leaseMs: 300,
      renewLeases: false,
      inputCipher: cipher,
    });
    const second = engineOn(db, [make('b')], { instanceId: 'sec-b', inputCipher: cipher });

    const abandoned = first.start(make('a'), { email: 'resume@example.com', password: PASSWORD });
    await eventually(() => expect(received).toHaveLength(1));
    const [{ id: sagaId }] = await db
      .selectFrom('sagas')
      .select('id')
      .where('type', '=', 'sec-resume')
      .execute()
      .then((rows) => rows as [{ id: string }]);
    const whileRunning = await journaledInput(sagaId);
    expect(whileRunning).not.toContain(PASSWORD);
    expect(JSON.parse(whileRunning)).toMatchObject({ password: { $sealed: expect.any(String) } });

    await eventually(async () => expect(await second.recoverExpired()).toBe(1), {
      intervalMs: 100,
    });
    expect(received).toEqual([
      { instance: 'a', password: PASSWORD },
      { instance: 'b', password: PASSWORD },
    ]);
    const ended = await db
      .selectFrom('sagas')
      .select(['state', 'input'])
      .where('id', '=', sagaId)
      .executeTakeFirstOrThrow();
    expect(ended.state).toBe('completed');
    expect(ended.input).toEqual({ email: 'resume@example.com' });

    hung.resolve('late');
    await expect(abandoned).rejects.toBeInstanceOf(SagaInterruptedError);
  });

  it('flags (does not resume) a saga whose sealed input another key cannot open', async () => {
    const hung = deferred<unknown>();
    const definition = signup('sec-wrong-key', async () => hung.promise);
    const first = engineOn(db, [definition], {
      instanceId: 'sec-k1',
      leaseMs: 300,
      renewLeases: false,
      inputCipher: new SagaInputCipher(KEY),
    });
    const other = engineOn(db, [definition], {
      instanceId: 'sec-k2',
      inputCipher: new SagaInputCipher('f'.repeat(64)),
    });
    const abandoned = first.start(definition, { email: 'key@example.com', password: PASSWORD });
    await eventually(async () => {
      await other.recoverExpired();
      const row = await db
        .selectFrom('sagas')
        .select('flagged')
        .where('type', '=', 'sec-wrong-key')
        .executeTakeFirstOrThrow();
      expect(row.flagged).toMatch(/cannot be opened/);
    });
    hung.resolve('late');
    await abandoned.catch(() => undefined);
  });

  it('refuses a definition with sensitive input on an engine without a cipher', () => {
    const definition = signup('sec-no-cipher', async () => 'x');
    expect(() => engineOn(db, [definition], { instanceId: 'sec-none' })).toThrow(/inputCipher/);
  });
});
