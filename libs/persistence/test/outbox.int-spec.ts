import { Writable } from 'node:stream';
import pino from 'pino';
import { ZodError } from 'zod';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { Header, type EventPublisher } from '@medicalink/messaging';
import { runInContext } from '@medicalink/observability';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  queueDepth,
  proxyInFrontOf,
  takeMessages,
  testLogger,
  type TestClient,
} from '@medicalink/testing';
import { Outbox, OutboxRelay, type Kysely } from '../src/index';
import {
  bindProbeQueue,
  itemCreated,
  openTestDatabase,
  purgeQueue,
  type TestTables,
} from './fixtures';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'outbox');
const rabbit = infrastructure.rabbitmqUrl;
const fast = { pollIntervalMs: 50, publishTimeoutMs: 500, maxBackoffMs: 400 };
let db: Kysely<TestTables>;
let client: TestClient;
let probe: string;
let relays: OutboxRelay[] = [];

beforeAll(async () => {
  db = await openTestDatabase(namespace, 'outbox');
  client = await createTestClient(namespace, { confirmTimeoutMs: 2_000 });
  probe = await bindProbeQueue(namespace, 'outbox');
});

beforeEach(async () => {
  await db.deleteFrom('outbox').execute();
  await purgeQueue(rabbit, probe);
});

afterEach(async () => {
  await Promise.all(relays.map((relay) => relay.stop()));
  relays = [];
});

afterAll(async () => {
  await client?.close();
  await db?.destroy();
  await namespace.cleanup();
});

function relay(publisher = client.publisher, options = {}, logger = testLogger()): OutboxRelay {
  const created = new OutboxRelay(db, publisher, logger, { ...fast, ...options });
  relays.push(created);
  return created;
}

async function unpublished(): Promise<
  { id: string; attempts: number; last_error: string | null }[]
> {
  return db
    .selectFrom('outbox')
    .select(['id', 'attempts', 'last_error'])
    .where('published_at', 'is', null)
    .execute();
}

/** Fails if anything more arrives in the probe queue within a short while. */
async function expectNothingMore(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await queueDepth(rabbit, probe)).toBe(0);
}

describe('Outbox.add', () => {
  it('refuses a payload its contract rejects, storing nothing', async () => {
    await expect(Outbox.add(db, itemCreated, { id: 'x', n: 1.5 })).rejects.toBeInstanceOf(ZodError);
    expect(await unpublished()).toEqual([]);
  });
});

describe('OutboxRelay', () => {
  it('never publishes an event whose transaction rolled back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('effects').values({ kind: 'created', ref: 'ghost' }).execute();
        await Outbox.add(trx, itemCreated, { id: 'ghost', n: 0 });
        throw new Error('the domain change failed');
      }),
    ).rejects.toThrow('the domain change failed');
    const kept = await Outbox.add(db, itemCreated, { id: 'kept', n: 1 });

    expect(await relay().publishPending()).toBe(1);
    const [message] = await takeMessages(rabbit, probe, 1);
    expect(message?.properties.messageId).toBe(kept);
    expect(message?.body).toEqual({ id: 'kept', n: 1 });
    await expectNothingMore();
  });

  it('publishes committed events in order, with the row id as message id, and marks them', async () => {
    const ids = await db.transaction().execute(async (trx) => {
      const added: string[] = [];
      for (let n = 0; n < 5; n += 1) {
        await trx
          .insertInto('effects')
          .values({ kind: 'created', ref: `item-${n}` })
          .execute();
        added.push(await Outbox.add(trx, itemCreated, { id: `item-${n}`, n }));
      }
      return added;
    });
    const started = relay();
    started.start();
    started.nudge();

    const messages = await takeMessages(rabbit, probe, 5);
    expect(messages.map((message) => String(message.properties.messageId))).toEqual(ids);
    expect(messages.map((message) => message.body)).toEqual(
      ids.map((_, n) => ({ id: `item-${n}`, n })),
    );
    expect(messages[0]?.properties.type).toBe(itemCreated.name);
    await eventually(async () => expect(await unpublished()).toEqual([]));
    await expectNothingMore();
  });

  it('carries the correlation and causation ids of the work that wrote the event', async () => {
    await runInContext({ correlationId: 'corr-outbox-1', messageId: 'cause-1' }, () =>
      Outbox.add(db, itemCreated, { id: 'traced', n: 2 }),
    );
    // Publishing from inside another context must not borrow that context's ids.
    await runInContext({ correlationId: 'someone-else', messageId: 'not-the-cause' }, () =>
      relay().publishPending(),
    );
    const [message] = await takeMessages(rabbit, probe, 1);
    expect(message?.headers[Header.CorrelationId]).toBe('corr-outbox-1');
    expect(message?.headers[Header.CausationId]).toBe('cause-1');
  });

  it('keeps an event committed while RabbitMQ is unreachable and publishes it once it returns', async () => {
    const { proxy, url: proxied } = await proxyInFrontOf(rabbit, 5672);
    const proxiedClient = await createTestClient(namespace, {
      rabbitmqUrl: proxied,
      confirmTimeoutMs: 500,
    });
    const lines: { level: number; msg: string }[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
          done();
        },
      }),
    );
    try {
      // Cutting the connection while a channel is still being set up makes amqp-connection-manager
      // emit an unhandled 'error'; one confirmed publish first proves the channel is ready.
      await proxiedClient.publisher.publishSerialized('test.warmup.done', '{}');
      await takeMessages(rabbit, probe, 1);
      proxy.pause();
      const id = await Outbox.add(db, itemCreated, { id: 'during-outage', n: 3 });
      const running = relay(proxiedClient.publisher, {}, logger);
      running.start();

      await eventually(
        async () => {
          const [row] = await unpublished();
          expect(row?.id).toBe(id);
          expect(row?.attempts).toBeGreaterThanOrEqual(2);
          expect(row?.last_error).toEqual(expect.any(String));
        },
        { timeoutMs: 15_000 },
      );
      expect(await queueDepth(rabbit, probe)).toBe(0);
      expect(lines.filter((line) => line.level === 40)).toHaveLength(1);

      proxy.resume();
      const [message] = await takeMessages(rabbit, probe, 1, 15_000);
      expect(message?.properties.messageId).toBe(id);
      await eventually(async () => expect(await unpublished()).toEqual([]));
      expect(lines.some((line) => line.msg === 'outbox relay publishing again')).toBe(true);
    } finally {
      await Promise.all(relays.map((started) => started.stop()));
      relays = [];
      await proxiedClient.close();
      await proxy.close();
    }
  });

  it('publishes each row exactly once when two relays share the table', async () => {
    const ids: string[] = [];
    for (let batch = 0; batch < 6; batch += 1) {
      await db.transaction().execute(async (trx) => {
        for (let n = 0; n < 10; n += 1) {
          ids.push(await Outbox.add(trx, itemCreated, { id: `shared-${batch}`, n }));
        }
      });
    }
    const first = relay(client.publisher, { batchSize: 4 });
    const second = relay(client.publisher, { batchSize: 4 });
    first.start();
    second.start();

    const messages = await takeMessages(rabbit, probe, ids.length);
    const published = messages.map((message) => String(message.properties.messageId));
    expect(new Set(published).size).toBe(ids.length);
    expect([...published].sort()).toEqual([...ids].sort());
    await eventually(async () => expect(await unpublished()).toEqual([]));
    await expectNothingMore();
  });

  it('two relays over one table, rows written while they run: every row once, both share', async () => {
    // A publisher that records who published what, and takes a little while (as a confirm
    // does), so the two relays' batches overlap.
    const publishedBy = new Map<string, string[]>();
    const recording = (name: string) =>
      ({
        publishSerialized: async (
          _event: string,
          _body: string,
          options: { messageId: string },
        ) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() < 0.1 ? 2 : 0));
          publishedBy.set(options.messageId, [...(publishedBy.get(options.messageId) ?? []), name]);
          return options.messageId;
        },
      }) as unknown as EventPublisher;
    const first = relay(recording('first'), { batchSize: 25, pollIntervalMs: 5 });
    const second = relay(recording('second'), { batchSize: 25, pollIntervalMs: 5 });
    first.start();
    second.start();

    const ids: string[] = [];
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let batch = 0; batch < 25; batch += 1) {
        await db.transaction().execute(async (trx) => {
          for (let n = 0; n < 10; n += 1) {
            ids.push(await Outbox.add(trx, itemCreated, { id: `w${writer}-${batch}`, n }));
          }
        });
      }
    });
    await Promise.all(writers);
    await eventually(async () => expect(await unpublished()).toEqual([]), { timeoutMs: 20_000 });

    expect(ids).toHaveLength(1_000);
    const twice = [...publishedBy].filter(([, by]) => by.length > 1);
    expect(twice).toEqual([]);
    expect([...publishedBy.keys()].sort()).toEqual([...ids].sort());
    const shares = ['first', 'second'].map(
      (name) => [...publishedBy.values()].filter(([by]) => by === name).length,
    );
    expect(Math.min(...shares)).toBeGreaterThan(0);
  });

  it('deletes published events older than the retention, never unpublished ones', async () => {
    await Outbox.add(db, itemCreated, { id: 'old', n: 4 });
    const cleaner = relay(client.publisher, { retentionMs: 0 });
    expect(await cleaner.publishPending()).toBe(1);
    const pending = await Outbox.add(db, itemCreated, { id: 'pending', n: 5 });

    expect(await cleaner.cleanup()).toBe(1);
    const left = await db.selectFrom('outbox').select('id').execute();
    expect(left).toEqual([{ id: pending }]);
    await takeMessages(rabbit, probe, 1);
  });
});
