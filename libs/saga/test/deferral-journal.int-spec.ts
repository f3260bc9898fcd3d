import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Kysely } from '@medicalink/persistence';
import { createTestNamespace } from '@medicalink/testing';
import { PostgresSagaJournal, type SagaTables } from '../src/index';
import { openSagaDatabase } from './fixtures';

const namespace = createTestNamespace(inject('infrastructure'), 'sagadefer');
let db: Kysely<SagaTables>;
let journal: PostgresSagaJournal;
const down = { code: 'SERVICE_UNAVAILABLE', message: 'down', status: 503, retryable: true };

beforeAll(async () => {
  db = await openSagaDatabase(namespace, 'deferral');
  journal = new PostgresSagaJournal(db);
});

afterAll(async () => {
  await db?.destroy();
  await namespace.cleanup();
});

/** A saga of `type`, leased to `owner`, already compensating its one step. */
async function compensatingSaga(type: string, owner = 'a'): Promise<string> {
  const id = randomUUID();
  await journal.create({
    id,
    type,
    version: 1,
    businessKey: id,
    input: {},
    steps: [{ name: 'only', position: 0, started: true }],
    owner,
    leaseMs: 10_000,
  });
  const fence = { sagaId: id, owner, leaseMs: 10_000 };
  await journal.write(fence, {
    steps: [{ name: 'only', state: 'failed', error: down }],
    saga: { state: 'compensating', failure: { step: 'only', error: down } },
  });
  await journal.write(fence, { steps: [{ name: 'only', state: 'compensating' }] });
  return id;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgresSagaJournal: deferral, listing, operator retry', () => {
  it('defers a compensating saga: no renewal holds it, recovery claims it once its next attempt is due', async () => {
    const id = await compensatingSaga('deferred');
    const fence = { sagaId: id, owner: 'a', leaseMs: 10_000 };
    const since = new Date(Date.now() - 1_000);

    expect(
      await journal.defer(fence, { steps: [{ name: 'only', error: down }], delayMs: 400, since }),
    ).toBe(true);
    expect(await journal.defer({ ...fence, owner: 'b' }, { steps: [], delayMs: 1, since })).toBe(
      false,
    );
    const parked = await journal.get(id);
    expect(parked).toMatchObject({
      state: 'compensating',
      deferrals: 1,
      deferredSince: since.toISOString(),
    });
    expect(parked?.steps[0]?.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Date.parse(parked!.nextAttemptAt!)).toBeGreaterThan(Date.now());

    expect(await journal.renewLeases('a', [id], 10_000)).toEqual([]);
    expect((await journal.claimExpired('b', 10_000, 10)).map((s) => s.id)).not.toContain(id);
    await sleep(500);
    const claimed = await journal.claimExpired('b', 10_000, 10);
    expect(claimed.map((s) => s.id)).toContain(id);
    expect((await journal.get(id))?.nextAttemptAt).toBeNull();
  });

  it('lists newest first with filters and pages, and resumes a compensation_failed saga once', async () => {
    const type = `listed-${randomUUID().slice(0, 6)}`;
    const older = await compensatingSaga(type);
    await sleep(20);
    const newer = await compensatingSaga(type);
    await journal.write(
      { sagaId: older, owner: 'a', leaseMs: 10_000 },
      {
        steps: [{ name: 'only', state: 'compensation_failed', error: down }],
        saga: { state: 'compensation_failed' },
      },
    );

    const all = await journal.list({ type, offset: 0, limit: 10 });
    expect(all.total).toBe(2);
    expect(all.sagas.map((s) => s.id)).toEqual([newer, older]);
    expect((await journal.list({ type, offset: 1, limit: 1 })).sagas.map((s) => s.id)).toEqual([
      older,
    ]);
    expect(
      (await journal.list({ type, state: 'compensation_failed', offset: 0, limit: 10 })).total,
    ).toBe(1);
    expect(
      (await journal.list({ type, from: new Date(Date.now() + 60_000), offset: 0, limit: 10 }))
        .total,
    ).toBe(0);

    expect(await journal.retryCompensation(older, 'operator-7')).toBe('retried');
    expect(await journal.retryCompensation(older, 'operator-7')).toBe('not_failed');
    expect(await journal.retryCompensation(randomUUID(), 'x')).toBe('not_found');
    expect(await journal.retryCompensation('not-a-uuid', 'x')).toBe('not_found');
    const resumed = await journal.get(older);
    expect(resumed).toMatchObject({ state: 'compensating', leaseOwner: null, deferrals: 0 });
    expect(resumed?.operatorRetries).toEqual([{ by: 'operator-7', at: expect.any(String) }]);
    expect((await journal.claimExpired('c', 10_000, 50)).map((s) => s.id)).toContain(older);
  });
});
