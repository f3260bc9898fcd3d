import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '@medicalink/errors';
import { createTestNamespace } from '@medicalink/testing';
import {
  createRetiredIdsTable,
  idempotencyRequestHash,
  lockId,
  requestHash,
  retireId,
  runIdempotent,
  sql,
  type Kysely,
  type OutboxEvents,
  type Transaction,
} from '../src/index';
import { countEffects, itemCreated, openTestDatabase, type TestTables } from './fixtures';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'idem');
let db: Kysely<TestTables>;

beforeAll(async () => {
  db = await openTestDatabase(namespace, 'idempotency', { maxConnections: 12 });
  await createRetiredIdsTable(db);
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

  it('writes the events the work added with its reply, once, and none when the work fails', async () => {
    const key = randomUUID();
    const command = { command: 'test.item.create', key, request: { name: 'evented' } };
    const work = async (_trx: Transaction<TestTables>, events: OutboxEvents) => {
      events.add(itemCreated, { id: key, n: 1 });
      events.add(itemCreated, { id: key, n: 2 });
      return { ok: true };
    };
    expect(await runIdempotent(db, command, work)).toEqual({ ok: true });
    expect(await runIdempotent(db, command, work)).toEqual({ ok: true });
    expect(await eventNumbers(key)).toEqual([1, 2]);

    const failed = randomUUID();
    const failing = runIdempotent(
      db,
      { command: 'test.item.create', key: failed, request: {} },
      async (_trx, events) => {
        events.add(itemCreated, { id: failed, n: 1 });
        throw new Error('work failed');
      },
    );
    await expect(failing).rejects.toThrow('work failed');
    expect(await eventNumbers(failed)).toEqual([]);
  });

  it('refuses to create an id that was retired, also one retired while it waited for the lock', async () => {
    const createOnce = (id: string, key?: string) =>
      runIdempotent(
        db,
        {
          command: 'test.item.create',
          key,
          request: { id },
          createsId: { id, retired: () => new Error(`${id} retired`) },
        },
        async (trx) => {
          await trx.insertInto('effects').values({ kind: 'create', ref: id }).execute();
          return { id };
        },
      );
    const retired = randomUUID();
    await retireId(db, retired);
    await expect(createOnce(retired, randomUUID())).rejects.toThrow(`${retired} retired`);
    await expect(createOnce(retired)).rejects.toThrow(`${retired} retired`);

    // A delete holds the id's lock; the create that arrives meanwhile waits, then sees it retired.
    const raced = randomUUID();
    let created: Promise<unknown> | undefined;
    await db.transaction().execute(async (trx) => {
      await lockId(trx, raced);
      created = createOnce(raced, randomUUID());
      await new Promise((resolve) => setTimeout(resolve, 200));
      await retireId(trx, raced);
    });
    await expect(created).rejects.toThrow(`${raced} retired`);
    expect(await countEffects(db, retired)).toBe(0);
    expect(await countEffects(db, raced)).toBe(0);

    const fresh = randomUUID();
    expect(await createOnce(fresh, randomUUID())).toEqual({ id: fresh });
    expect(await countEffects(db, fresh)).toBe(1);
  });
});

async function eventNumbers(id: string): Promise<number[]> {
  const { rows } = await sql<{ n: number }>`
    SELECT (payload->>'n')::int AS n FROM outbox WHERE payload->>'id' = ${id} ORDER BY seq
  `.execute(db);
  return rows.map((row) => row.n);
}
