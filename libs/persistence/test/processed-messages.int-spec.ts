import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace } from '@medicalink/testing';
import { claimMessage, pruneDeduplicationRecords, sql, type Kysely } from '../src/index';
import { countEffects, openTestDatabase, type TestTables } from './fixtures';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'claim');
let db: Kysely<TestTables>;

beforeAll(async () => {
  db = await openTestDatabase(namespace, 'claims', { maxConnections: 12 });
});

afterAll(async () => {
  await db?.destroy();
  await namespace.cleanup();
});

/** What an idempotent event handler does: claim the message and apply the effect together. */
function handle(consumer: string, messageId: string, ref: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await claimMessage(trx, consumer, messageId))) return false;
    await trx.insertInto('effects').values({ kind: consumer, ref }).execute();
    return true;
  });
}

describe('claimMessage', () => {
  it('applies a redelivered message once per consumer', async () => {
    const messageId = randomUUID();
    expect(await handle('billing', messageId, 'redelivered')).toBe(true);
    expect(await handle('billing', messageId, 'redelivered')).toBe(false);
    expect(await handle('mailer', messageId, 'redelivered')).toBe(true);
    expect(await countEffects(db, 'redelivered')).toBe(2);
  });

  it('applies a message once when duplicates are handled concurrently', async () => {
    const messageId = randomUUID();
    const applied = await Promise.all(
      Array.from({ length: 10 }, () => handle('billing', messageId, 'concurrent')),
    );
    expect(applied.filter(Boolean)).toHaveLength(1);
    expect(await countEffects(db, 'concurrent')).toBe(1);
  });

  it('releases the claim when the effect rolls back, so the redelivery applies it', async () => {
    const messageId = randomUUID();
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await claimMessage(trx, 'billing', messageId)).toBe(true);
        await trx.insertInto('effects').values({ kind: 'billing', ref: 'rolled-back' }).execute();
        throw new Error('the effect failed');
      }),
    ).rejects.toThrow('the effect failed');
    expect(await countEffects(db, 'rolled-back')).toBe(0);

    expect(await handle('billing', messageId, 'rolled-back')).toBe(true);
    expect(await countEffects(db, 'rolled-back')).toBe(1);
  });
});

describe('pruneDeduplicationRecords', () => {
  it('forgets claims and idempotency keys older than the retention, and keeps the rest', async () => {
    const old = randomUUID();
    const recent = randomUUID();
    await handle('pruning', old, 'prune-old');
    await handle('pruning', recent, 'prune-recent');
    await sql`UPDATE processed_messages SET processed_at = now() - interval '8 days' WHERE message_id = ${old}`.execute(
      db,
    );
    await db
      .insertInto('idempotency_keys')
      .values({ command: 'c', key: old, request_hash: 'h', response: null })
      .execute();
    await sql`UPDATE idempotency_keys SET created_at = now() - interval '8 days' WHERE key = ${old}`.execute(
      db,
    );

    expect(await pruneDeduplicationRecords(db, 7 * 24 * 3_600_000)).toBe(2);
    const left = await db
      .selectFrom('processed_messages')
      .select('message_id')
      .where('consumer', '=', 'pruning')
      .execute();
    expect(left.map((row) => row.message_id)).toEqual([recent]);
  });
});
