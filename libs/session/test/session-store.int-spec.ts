import { connect, createServer, type Server, type Socket } from 'node:net';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { createRedisClient } from '@medicalink/cache';
import { createTestNamespace, freePort } from '@medicalink/testing';
import {
  defineSessionWorkflow,
  SessionConflictError,
  SessionCorruptedError,
  SessionNotFoundError,
  SessionStore,
  SessionStoreUnavailableError,
  SessionTransitionError,
  type SessionAccess,
} from '../src/index';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'session');
const redis = createRedisClient({
  url: infrastructure.redisUrl,
  keyPrefix: namespace.redisKeyPrefix,
});

const draft = defineSessionWorkflow({
  name: 'draft',
  states: ['started', 'filled', 'reviewed', 'done', 'failed'],
  initial: 'started',
  data: z.object({
    text: z.string().optional(),
    notes: z.array(z.string()),
  }),
  transitions: {
    fill: { from: ['started', 'filled', 'reviewed', 'failed'], to: 'filled' },
    review: { from: ['filled', 'reviewed'], to: 'reviewed', refusedStatus: 400 },
    finish: { from: ['filled', 'reviewed'], to: 'done' },
    fail: { from: ['filled', 'reviewed'], to: 'failed' },
    note: { from: ['started', 'filled', 'reviewed'] },
  },
});

/** What the store logged, to check what an operator is told about unreadable records. */
const logged: { context: Record<string, unknown>; message: string }[] = [];
const logger = {
  error: (context: Record<string, unknown>, message: string) => logged.push({ context, message }),
};
const store = new SessionStore(redis, draft, { logger });
const alice: SessionAccess = { userId: 'alice' };
const bob: SessionAccess = { userId: 'bob' };
const HOUR = 3_600_000;

async function newSession(owner = 'alice', ttlMs = HOUR) {
  return store.create({ owner, ttlMs, data: { notes: [] } });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  // No offline queue: commands fail until the connection is up.
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});

afterAll(async () => {
  redis.disconnect();
  await namespace.cleanup();
});

describe('SessionStore', () => {
  it('creates a session in the initial state with version 1 and an absolute expiry', async () => {
    const before = Date.now();
    const session = await newSession();
    expect(session).toMatchObject({ owner: 'alice', state: 'started', version: 1 });
    const expiresAt = Date.parse(session.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + HOUR);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + HOUR);
    expect(await store.get(session.id, alice)).toEqual(session);

    const pttl = await redis.pttl(`session:draft:${session.id}`);
    expect(pttl).toBeGreaterThan(HOUR - 5_000);
    expect(pttl).toBeLessThanOrEqual(HOUR);
  });

  it('keeps its keys under the client prefix, without KEYS', async () => {
    const session = await newSession();
    const raw = new Redis(infrastructure.redisUrl);
    try {
      expect(await raw.exists(`${namespace.redisKeyPrefix}session:draft:${session.id}`)).toBe(1);
    } finally {
      raw.disconnect();
    }
  });

  it('applies every declared transition, bumping the version and keeping the expiry', async () => {
    const session = await newSession();
    const noted = await store.transition(session.id, alice, 'note', (record) => ({
      ...record.data,
      notes: ['first'],
    }));
    expect(noted).toMatchObject({ state: 'started', version: 2, data: { notes: ['first'] } });

    const filled = await store.transition(session.id, alice, 'fill', (record) => ({
      ...record.data,
      text: 'hello',
    }));
    expect(filled).toMatchObject({ state: 'filled', version: 3, data: { text: 'hello' } });
    const refilled = await store.transition(session.id, alice, 'fill');
    expect(refilled).toMatchObject({ state: 'filled', version: 4 });
    const reviewed = await store.transition(session.id, alice, 'review');
    expect(reviewed).toMatchObject({ state: 'reviewed', version: 5 });
    const failed = await store.transition(session.id, alice, 'fail');
    expect(failed.state).toBe('failed');
    await store.transition(session.id, alice, 'fill');
    const done = await store.transition(session.id, alice, 'finish');
    expect(done).toMatchObject({ state: 'done', version: 8, expiresAt: session.expiresAt });

    expect(await store.get(session.id, alice)).toEqual(done);
    expect(await redis.pttl(`session:draft:${session.id}`)).toBeGreaterThan(HOUR - 5_000);
  });

  it('refuses an action from a state it does not start from, naming both, and writes nothing', async () => {
    const session = await newSession();
    const early = await rejection(store.transition(session.id, alice, 'review'));
    expect(early).toBeInstanceOf(SessionTransitionError);
    expect(early).toMatchObject({
      code: 'SESSION_TRANSITION_REFUSED',
      status: 400,
      details: { currentState: 'started', allowedStates: ['filled', 'reviewed'], action: 'review' },
    });
    expect((early as Error).message).toContain('"started"');

    await store.transition(session.id, alice, 'fill');
    await store.transition(session.id, alice, 'finish');
    for (const action of ['fill', 'review', 'finish', 'fail', 'note'] as const) {
      const refused = await rejection(store.transition(session.id, alice, action));
      expect(refused).toBeInstanceOf(SessionTransitionError);
      expect(refused).toMatchObject({ details: { currentState: 'done' } });
    }
    expect((await rejection(store.transition(session.id, alice, 'finish'))) as Error).toMatchObject(
      { status: 409 },
    );
    expect((await store.get(session.id, alice)).version).toBe(3);
  });

  it('lets the draft choose the action, checked against the rules like any other', async () => {
    const session = await newSession();
    const chosen = await store.transition(session.id, alice, (record) =>
      record.data.text === undefined ? 'note' : 'review',
    );
    expect(chosen).toMatchObject({ state: 'started', version: 2 });
    await store.transition(session.id, alice, 'fill', (record) => ({ ...record.data, text: 'x' }));
    const reviewed = await store.transition(session.id, alice, (record) =>
      record.data.text === undefined ? 'note' : 'review',
    );
    expect(reviewed.state).toBe('reviewed');
    expect(() => store.assertAllowed(reviewed, 'note')).not.toThrow();
    expect(() => store.assertAllowed({ ...reviewed, state: 'done' }, 'note')).toThrow(
      SessionTransitionError,
    );
  });

  it('rejects data that does not fit the workflow schema without writing', async () => {
    const session = await newSession();
    await expect(
      store.transition(session.id, alice, 'fill', () => ({ notes: 'not a list' }) as never),
    ).rejects.toThrow();
    expect((await store.get(session.id, alice)).version).toBe(1);
  });

  it('writes checked data without checking the record again, and still checks every read', async () => {
    const session = await newSession();
    const filled = await store.transition(
      session.id,
      alice,
      'fill',
      (current) => ({ ...current.data, text: 'checked by the caller' }),
      { dataChecked: true },
    );
    expect(await store.get(session.id, alice)).toEqual(filled);

    // A caller that claims so wrongly stores a record no read accepts: reads stay the guard.
    await store.transition(session.id, alice, 'note', () => ({ notes: 'not a list' }) as never, {
      dataChecked: true,
    });
    await expect(store.get(session.id, alice)).rejects.toThrow();
  });

  it('answers someone else\u2019s session exactly like a missing one, on reads and writes', async () => {
    const session = await newSession('alice');
    const missing = await rejection(store.get('no-such-session', bob));
    const foreign = await rejection(store.get(session.id, bob));
    expect(foreign).toBeInstanceOf(SessionNotFoundError);
    expect(foreign).toMatchObject({
      code: 'SESSION_NOT_FOUND',
      status: 404,
      message: 'Session not found or expired',
      details: { sessionId: session.id },
    });
    expect({ ...(missing as SessionNotFoundError), details: {} }).toEqual({
      ...(foreign as SessionNotFoundError),
      details: {},
    });
    await expect(store.transition(session.id, bob, 'fill')).rejects.toBeInstanceOf(
      SessionNotFoundError,
    );
    await expect(store.deleteAfter(session.id, bob, 10)).rejects.toBeInstanceOf(
      SessionNotFoundError,
    );
    await expect(store.delete(session.id, bob)).rejects.toBeInstanceOf(SessionNotFoundError);
    expect((await store.get(session.id, alice)).version).toBe(1);

    // Reaching every owner's sessions takes an explicit grant.
    const admin = { userId: 'admin', anyOwner: true };
    expect((await store.get(session.id, admin)).owner).toBe('alice');
    expect((await store.transition(session.id, admin, 'fill')).state).toBe('filled');
  });

  it('finds nothing after the expiry', async () => {
    const session = await newSession('alice', 300);
    expect((await store.get(session.id, alice)).id).toBe(session.id);
    await new Promise((resolve) => setTimeout(resolve, 450));
    await expect(store.get(session.id, alice)).rejects.toBeInstanceOf(SessionNotFoundError);
    await expect(store.transition(session.id, alice, 'fill')).rejects.toBeInstanceOf(
      SessionNotFoundError,
    );
    expect(await redis.exists(`session:draft:${session.id}`)).toBe(0);
  });

  it('deletes a session a given time later by shortening its expiry, never lengthening it', async () => {
    const session = await newSession();
    await store.deleteAfter(session.id, alice, 200);
    expect(await redis.pttl(`session:draft:${session.id}`)).toBeLessThanOrEqual(200);
    expect((await store.get(session.id, alice)).id).toBe(session.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(store.get(session.id, alice)).rejects.toBeInstanceOf(SessionNotFoundError);

    const short = await newSession('alice', 2_000);
    await store.deleteAfter(short.id, alice, HOUR);
    expect(await redis.pttl(`session:draft:${short.id}`)).toBeLessThanOrEqual(2_000);

    const removed = await newSession();
    await store.delete(removed.id, alice);
    await expect(store.get(removed.id, alice)).rejects.toBeInstanceOf(SessionNotFoundError);
  });

  it('lets one of two concurrent writers win and gives the other a conflict, losing no update', async () => {
    const session = await newSession();
    let arrived = 0;
    let releaseBoth!: () => void;
    const bothRead = new Promise<void>((resolve) => (releaseBoth = resolve));
    // Both writers read version 1, then wait for each other before writing.
    const writer = (text: string) =>
      store.transition(session.id, alice, 'fill', async (record) => {
        arrived += 1;
        if (arrived === 2) releaseBoth();
        await bothRead;
        return { ...record.data, text, notes: [...record.data.notes, text] };
      });
    const results = await Promise.allSettled([writer('first'), writer('second')]);

    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(SessionConflictError);
    expect(lost[0]!.reason).toMatchObject({ code: 'SESSION_CONFLICT', status: 409 });

    const stored = await store.get(session.id, alice);
    const winner = won[0]!.value;
    expect(stored).toEqual(winner);
    expect(stored.version).toBe(2);
    expect(stored.data.notes).toHaveLength(1);

    // The loser retries on the fresh record: both updates end up in the session.
    const loserText = stored.data.text === 'first' ? 'second' : 'first';
    await store.transition(session.id, alice, 'fill', (record) => ({
      ...record.data,
      notes: [...record.data.notes, loserText],
    }));
    expect((await store.get(session.id, alice)).data.notes.sort()).toEqual(['first', 'second']);
  });

  it('writes on top of a record the caller already read, as a conflict when it is stale', async () => {
    const session = await newSession();
    const read = await store.get(session.id, alice);
    const written = await store.transition(session.id, alice, 'fill', undefined, {
      basedOn: read,
      expireAfterMs: 300,
    });
    expect(written).toMatchObject({ state: 'filled', version: 2 });
    expect(await redis.pttl(`session:draft:${session.id}`)).toBeLessThanOrEqual(300);
    const stale = await rejection(
      store.transition(session.id, alice, 'fill', undefined, { basedOn: read }),
    );
    expect(stale).toBeInstanceOf(SessionConflictError);
    // a record read by someone else gives no access: it is read again, with the caller's access
    await expect(
      store.transition(session.id, bob, 'review', undefined, { basedOn: written }),
    ).rejects.toBeInstanceOf(SessionNotFoundError);
  });

  it('refuses a write based on an older version than the stored one', async () => {
    const session = await newSession();
    await store.transition(session.id, alice, 'note');
    const stale = await rejection(
      store.transition(session.id, alice, 'fill', undefined, { expectedVersion: 1 }),
    );
    expect(stale).toBeInstanceOf(SessionConflictError);
    expect(stale).toMatchObject({ details: { expectedVersion: 1, currentVersion: 2 } });
    const fresh = await store.transition(session.id, alice, 'fill', undefined, {
      expectedVersion: 2,
    });
    expect(fresh.version).toBe(3);
  });

  it('keeps many concurrent writers from losing updates: each succeeds or conflicts', async () => {
    const session = await newSession();
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        store.transition(session.id, alice, 'note', (record) => ({
          ...record.data,
          notes: [...record.data.notes, String(index)],
        })),
      ),
    );
    const succeeded = attempts.filter((attempt) => attempt.status === 'fulfilled').length;
    for (const attempt of attempts) {
      if (attempt.status === 'rejected')
        expect(attempt.reason).toBeInstanceOf(SessionConflictError);
    }
    const stored = await store.get(session.id, alice);
    expect(stored.version).toBe(1 + succeeded);
    expect(stored.data.notes).toHaveLength(succeeded);
  });

  it('claims a value for one live session at a time, until released or expired', async () => {
    const first = await newSession();
    const second = await newSession();
    expect(await store.claim('business-id', 'B-1', first.id, first.expiresAt)).toEqual({
      claimed: true,
    });
    expect(await store.claim('business-id', 'B-1', first.id, first.expiresAt)).toEqual({
      claimed: true,
    });
    expect(await store.claim('business-id', 'B-1', second.id, second.expiresAt)).toEqual({
      claimed: false,
      holder: first.id,
    });
    // Another scope is another namespace.
    expect(await store.claim('email', 'B-1', second.id, second.expiresAt)).toEqual({
      claimed: true,
    });

    expect(await store.release('business-id', 'B-1', second.id)).toBe(false);
    expect(await store.release('business-id', 'B-1', first.id)).toBe(true);
    expect(await store.claim('business-id', 'B-1', second.id, second.expiresAt)).toEqual({
      claimed: true,
    });

    const brief = await newSession('alice', 200);
    expect(await store.claim('business-id', 'B-2', brief.id, brief.expiresAt)).toEqual({
      claimed: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.claim('business-id', 'B-2', second.id, second.expiresAt)).toEqual({
      claimed: true,
    });
  });
});

describe('an unreadable session record', () => {
  const key = (id: string) => `session:draft:${id}`;

  /** Overwrites a live session's record as damage, or an older version's code, would. */
  async function damaged(write: (id: string) => Promise<unknown>) {
    const session = await newSession();
    await write(session.id);
    return session;
  }

  it.each([
    ['is not JSON', (id: string) => redis.hset(key(id), 'r', '{"id": "truncated')],
    [
      'was written by an older version (another shape)',
      async (id: string) => {
        const record = JSON.parse((await redis.hget(key(id), 'r'))!) as Record<string, unknown>;
        // say an older version kept the notes as one string, and no version number
        const older: Record<string, unknown> = { ...record, data: { notes: 'one, two' } };
        delete older['version'];
        await redis.hset(key(id), 'r', JSON.stringify(older));
      },
    ],
    [
      'is not a hash at all',
      async (id: string) => {
        await redis.del(key(id));
        await redis.set(key(id), 'garbage', 'PX', HOUR);
      },
    ],
  ])(
    'that %s answers 410 SESSION_CORRUPTED naming the session, logs its key, and frees the id',
    async (_case, write) => {
      const session = await damaged(write);
      logged.length = 0;
      for (const attempt of [
        () => store.get(session.id, alice),
        () => store.transition(session.id, alice, 'fill'),
      ]) {
        const error = await rejection(attempt());
        expect(error).toBeInstanceOf(SessionCorruptedError);
        expect(error).toMatchObject({
          code: 'SESSION_CORRUPTED',
          status: 410,
          details: { sessionId: session.id },
        });
        expect((error as Error).message).toContain(session.id);
      }
      expect(logged[0]?.context).toMatchObject({
        sessionId: session.id,
        key: `${namespace.redisKeyPrefix}${key(session.id)}`,
        movedTo: `${namespace.redisKeyPrefix}${key(session.id)}:unreadable`,
      });
      expect(typeof logged[0]?.context['problem']).toBe('string');
      // kept aside for inspection, until the session would have expired
      expect(await redis.pttl(`${key(session.id)}:unreadable`)).toBeGreaterThan(0);

      // the caller starts over, even under the same id
      const again = await store.create({
        id: session.id,
        owner: 'alice',
        ttlMs: HOUR,
        data: { notes: [] },
      });
      expect(await store.get(again.id, alice)).toEqual(again);
    },
  );

  it('does not keep a claim for a session that is gone', async () => {
    const stale = await newSession();
    expect((await store.claim('business-id', 'B-9', stale.id, stale.expiresAt)).claimed).toBe(true);
    await redis.hset(key(stale.id), 'r', 'not json');
    await rejection(store.get(stale.id, alice));
    const fresh = await newSession();
    expect(await store.claim('business-id', 'B-9', fresh.id, fresh.expiresAt)).toEqual({
      claimed: true,
    });
    const third = await newSession();
    expect(await store.claim('business-id', 'B-9', third.id, third.expiresAt)).toEqual({
      claimed: false,
      holder: fresh.id,
    });
  });
});

describe('SessionStore without Redis', () => {
  it('answers a retryable 503 at once when Redis is unreachable', async () => {
    const closedPort = await freePort();
    const offline = createRedisClient({ url: `redis://127.0.0.1:${closedPort}`, keyPrefix: 'x:' });
    const unreachable = new SessionStore(offline, draft, {
      logger,
      operationTimeoutMs: 500,
    });
    try {
      const started = Date.now();
      const error = await rejection(unreachable.get('any', alice));
      expect(Date.now() - started).toBeLessThan(600);
      expect(error).toBeInstanceOf(SessionStoreUnavailableError);
      expect(error).toMatchObject({
        code: 'SESSION_STORE_UNAVAILABLE',
        status: 503,
        retryable: true,
      });
      await expect(
        unreachable.create({ owner: 'alice', ttlMs: HOUR, data: { notes: [] } }),
      ).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    } finally {
      offline.disconnect();
    }
  });

  describe('when Redis stops answering on an open connection', () => {
    let proxy: Server;
    const sockets = new Set<Socket>();
    let stalled = false;
    let port = 0;

    // Forwards to the real Redis until `stalled`, then swallows the commands: a hung server.
    beforeAll(async () => {
      const target = new URL(infrastructure.redisUrl);
      proxy = createServer((client) => {
        const upstream = connect({ host: target.hostname, port: Number(target.port || 6379) });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => socket.destroy());
        }
        client.on('data', (chunk) => {
          if (!stalled) upstream.write(chunk);
        });
        upstream.pipe(client);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      const address = proxy.address();
      port = typeof address === 'object' && address ? address.port : 0;
    });

    afterAll(async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => proxy.close(resolve));
    });

    it('gives up after the operation timeout with a 503 instead of hanging', async () => {
      const client = createRedisClient({
        url: `redis://127.0.0.1:${port}`,
        keyPrefix: namespace.redisKeyPrefix,
      });
      if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
      const slow = new SessionStore(client, draft, { logger, operationTimeoutMs: 200 });
      try {
        const session = await slow.create({ owner: 'alice', ttlMs: HOUR, data: { notes: [] } });
        stalled = true;
        const started = Date.now();
        const error = await rejection(slow.get(session.id, alice));
        const elapsed = Date.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(190);
        expect(elapsed).toBeLessThan(1_000);
        expect(error).toBeInstanceOf(SessionStoreUnavailableError);
        expect(error).toMatchObject({ code: 'SESSION_STORE_UNAVAILABLE', status: 503 });
      } finally {
        client.disconnect();
      }
    });
  });
});
