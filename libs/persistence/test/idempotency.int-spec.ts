import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import { createTestNamespace } from '@medicalink/testing';
import {
  idempotencyRequestHash,
  requestHash,
  runIdempotent,
  type Kysely,
  type Transaction,
} from '../src/index';
import { countEffects, openTestDatabase, type TestTables } from './fixtures';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'idem');
let db: Kysely<TestTables>;

beforeAll(async () => {
  db = await openTestDatabase(namespace, 'idempotency', { maxConnections: 12 });
});

afterAll(async () => {
  await db?.destroy();
  await namespace.cleanup();
});

interface CreateRequest {
  name: string;
  tags: string[];
  meta?: Record<string, unknown>;
}

/** A "create" command: one effect row, a reply that names it. */
function create(key: string, request: CreateRequest, calls = { count: 0 }) {
  return runIdempotent(db, { command: 'test.item.create', key, request }, async (trx) => {
    calls.count += 1;
    const row = await trx
      .insertInto('effects')
      .values({ kind: 'create', ref: key })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, name: request.name, createdAt: '2024-01-01T00:00:00.000Z' };
  });
}

describe('runIdempotent', () => {
  it('runs a retried command once and replays the identical reply', async () => {
    const key = randomUUID();
    const request = { name: 'first', tags: ['a'], meta: { x: 1, y: 2 } };
    const first = await create(key, request);
    // The same request with its keys in another order is the same request.
    const retry = await create(key, { meta: { y: 2, x: 1 }, tags: ['a'], name: 'first' });
    expect(retry).toEqual(first);
    expect(await countEffects(db, key)).toBe(1);
  });

  it('runs the work once for ten concurrent calls with one key', async () => {
    const key = randomUUID();
    const calls = { count: 0 };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => create(key, { name: 'racing', tags: [] }, calls)),
    );
    expect(calls.count).toBe(1);
    expect(await countEffects(db, key)).toBe(1);
    expect(new Set(replies.map((reply) => JSON.stringify(reply))).size).toBe(1);
  });

  it('refuses the same key with a different request (422 IDEMPOTENCY_KEY_REUSED)', async () => {
    const key = randomUUID();
    await create(key, { name: 'original', tags: [] });
    const reused = create(key, { name: 'changed', tags: [] });
    await expect(reused).rejects.toBeInstanceOf(DomainError);
    await expect(reused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(await countEffects(db, key)).toBe(1);
  });

  it('stores nothing when the work fails, so a retry runs the work again', async () => {
    const key = randomUUID();
    let attempts = 0;
    const flaky = (trx: Transaction<TestTables>) => {
      attempts += 1;
      return trx
        .insertInto('effects')
        .values({ kind: 'create', ref: key })
        .execute()
        .then(() => {
          if (attempts === 1) throw new Error('downstream failed');
          return { attempts };
        });
    };
    const command = { command: 'test.item.create', key, request: { name: 'flaky' } };
    await expect(runIdempotent(db, command, flaky)).rejects.toThrow('downstream failed');
    expect(await countEffects(db, key)).toBe(0);
    const stored = await db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', '=', key)
      .execute();
    expect(stored).toEqual([]);

    expect(await runIdempotent(db, command, flaky)).toEqual({ attempts: 2 });
    expect(await runIdempotent(db, command, flaky)).toEqual({ attempts: 2 });
    expect(attempts).toBe(2);
    expect(await countEffects(db, key)).toBe(1);
  });

  it('stores nothing from which a password can be tested: the hash ignores it, the reply lacks it', async () => {
    const key = randomUUID();
    const command = 'test.account.create';
    const request = {
      email: 'ada@example.com',
      fullName: 'Ada',
      password: 'correct horse battery',
    };
    await runIdempotent(db, { command, key, request }, async () => ({ email: request.email }));
    const stored = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'response'])
      .where('command', '=', command)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    // The stored hash is the same whatever the password: testing a guess against it tells nothing.
    const otherPassword = { ...request, password: 'another password entirely' };
    expect(stored.request_hash).toBe(idempotencyRequestHash(otherPassword));
    expect(stored.request_hash).not.toBe(requestHash(request));
    expect(JSON.stringify(stored.response)).not.toContain(request.password);
    // A replay with the same key still finds its request.
    const replay = await runIdempotent(db, { command, key, request }, async () => ({ email: 'x' }));
    expect(replay).toEqual({ email: request.email });
  });
});
