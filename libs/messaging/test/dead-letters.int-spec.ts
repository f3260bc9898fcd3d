import { Writable } from 'node:stream';
import amqplib from 'amqplib';
import pino from 'pino';
import { register } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createTestNamespace,
  publishRaw,
  queueDepth,
  takeMessages,
  type TestNamespace,
} from '@medicalink/testing';
import { AmqpConnection } from '../src/connection';
import { DEAD_LETTER_LIMITS } from '../src/dead-letter-preview';
import { DeadLetterQueues } from '../src/dead-letters';
import { topologyFor } from '../src/topology';

const infrastructure = inject('infrastructure');
const url = infrastructure.rabbitmqUrl;
let namespace: TestNamespace;
let connection: AmqpConnection;
let queues: DeadLetterQueues;
const logged: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logged.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  }),
);
/** the account id of the operator who replays */
const OPERATOR = '7f0c4c4e-0000-4000-8000-00000000aa01';

beforeAll(async () => {
  namespace = createTestNamespace(infrastructure, 'dlq');
  namespace.trackServices('dlqsvc');
  connection = new AmqpConnection({ url, name: 'dlq-test' }, logger);
  await connection.waitForConnection(10_000);
  queues = new DeadLetterQueues(connection, namespace.prefix, logger);
});

afterAll(async () => {
  await connection?.close();
  await namespace?.cleanup();
});

/** Declares a service's queues (dead-letter, RPC, events) as its consumer would. */
async function declareQueues(service: string): Promise<ReturnType<typeof topologyFor>> {
  const topology = topologyFor(namespace.prefix, service);
  namespace.trackServices(service);
  const admin = await amqplib.connect(url);
  const channel = await admin.createChannel();
  for (const queue of [topology.deadLetterQueue, topology.rpcQueue, topology.eventsQueue]) {
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-expires': 600_000 } });
  }
  await admin.close();
  return topology;
}

/** Dead-letters `bodies` into the service's DLQ, in order, as failed events. */
async function deadLetterBodies(service: string, bodies: unknown[]): Promise<void> {
  const topology = await declareQueues(service);
  const admin = await amqplib.connect(url);
  try {
    const channel = await admin.createConfirmChannel();
    bodies.forEach((body, i) =>
      channel.sendToQueue(topology.deadLetterQueue, Buffer.from(JSON.stringify(body)), {
        messageId: `${service}-${i}`,
        type: 'schedule.import.requested',
        persistent: true,
        headers: { 'x-error-code': 'INJECTED_FAULT', 'x-original-queue': 'x' },
      }),
    );
    await channel.waitForConfirms();
  } finally {
    await admin.close();
  }
}

/** A service topology with `n` dead letters: RPC requests (even) and events (odd), in order. */
async function deadLetters(service: string, n: number): Promise<string[]> {
  const topology = topologyFor(namespace.prefix, service);
  const admin = await amqplib.connect(url);
  const channel = await admin.createChannel();
  for (const queue of [topology.deadLetterQueue, topology.rpcQueue, topology.eventsQueue]) {
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-expires': 600_000 } });
  }
  await admin.close();
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const id = `${service}-msg-${i}`;
    ids.push(id);
    const rpc = i % 2 === 0;
    await publishRaw(
      url,
      { routingKey: topology.deadLetterQueue },
      JSON.stringify({ n: i, password: 'hunter2-hunter2' }),
      {
        messageId: id,
        type: rpc ? 'dlqsvc.thing.create' : 'thing.created',
        persistent: true,
        headers: {
          'x-error-code': rpc ? 'VALIDATION_FAILED' : 'INJECTED_FAULT',
          'x-error-message': `failure ${i}`,
          'x-error-status': rpc ? 400 : 503,
          'x-attempt': 3,
          'x-failed-at': new Date().toISOString(),
          'x-original-queue': rpc ? topology.rpcQueue : 'thing.created',
          'x-correlation-id': `corr-${i}`,
        },
      },
    );
  }
  return ids;
}

async function replayedCount(service: string): Promise<number> {
  const metric = await register.getSingleMetric('messaging_dead_letters_replayed_total')?.get();
  return (metric?.values ?? [])
    .filter((value) => value.labels['service'] === service)
    .reduce((sum, value) => sum + value.value, 0);
}

describe('dead-letter queues', () => {
  it('lists a page of dead letters in queue order with their error headers, removing none', async () => {
    const ids = await deadLetters('dlqsvc', 5);
    const dlq = topologyFor(namespace.prefix, 'dlqsvc').deadLetterQueue;

    const first = await queues.list('dlqsvc', 0, 2);
    expect(first.total).toBe(5);
    expect(first.messages.map((m) => m.id)).toEqual(ids.slice(0, 2));
    expect(first.messages[0]).toMatchObject({
      pattern: 'dlqsvc.thing.create',
      errorCode: 'VALIDATION_FAILED',
      errorMessage: 'failure 0',
      errorStatus: 400,
      attempts: 3,
      correlationId: null,
      queue: `${namespace.prefix}.dlqsvc.rpc`,
      body: { n: 0, password: '***' },
    });
    expect(first.messages[1]?.queue).toBe(`${namespace.prefix}.dlqsvc.events`);

    // Listing again, deeper, sees the same queue in the same order: nothing was taken or moved.
    const second = await queues.list('dlqsvc', 2, 10);
    expect(second.messages.map((m) => m.id)).toEqual(ids.slice(2));
    expect((await queues.list('dlqsvc', 0, 10)).messages.map((m) => m.id)).toEqual(ids);
    expect(await queueDepth(url, dlq)).toBe(5);
  });

  it('replays the chosen messages to their queues with a fresh attempt count, keeping the rest in order', async () => {
    const topology = topologyFor(namespace.prefix, 'dlqsvc');
    const before = await replayedCount('dlqsvc');

    expect(
      await queues.replay('dlqsvc', ['dlqsvc-msg-1', 'dlqsvc-msg-2', 'unknown-id'], OPERATOR),
    ).toBe(2);

    const [rpc] = await takeMessages(url, topology.rpcQueue, 1);
    expect(rpc?.properties.messageId).toBe('dlqsvc-msg-2');
    expect(rpc?.headers['x-error-code']).toBeUndefined();
    expect(rpc?.headers['x-attempt']).toBeUndefined();
    expect(rpc?.headers['x-correlation-id']).toBe('corr-2');
    expect(rpc?.headers['x-replayed-error-code']).toBe('VALIDATION_FAILED');
    expect(rpc?.headers['x-replayed-by']).toBe(OPERATOR);
    const [event] = await takeMessages(url, topology.eventsQueue, 1);
    expect(event?.properties.messageId).toBe('dlqsvc-msg-1');
    expect(event?.body).toEqual({ n: 1, password: 'hunter2-hunter2' }); // the payload itself is intact
    expect((await queues.list('dlqsvc', 0, 10)).messages.map((m) => m.id)).toEqual([
      'dlqsvc-msg-0',
      'dlqsvc-msg-3',
      'dlqsvc-msg-4',
    ]);
    expect(await replayedCount('dlqsvc')).toBe(before + 2);
    const replays = logged.filter((line) => line['msg'] === 'dead-lettered message replayed');
    expect(replays.map((line) => [line['messageId'], line['replayedBy']])).toEqual([
      ['dlqsvc-msg-1', OPERATOR],
      ['dlqsvc-msg-2', OPERATOR],
    ]);

    expect(await queues.replay('dlqsvc', undefined, OPERATOR)).toBe(3);
    expect(await queueDepth(url, topology.deadLetterQueue)).toBe(0);
    expect(await queueDepth(url, topology.rpcQueue)).toBe(2); // msg-0, msg-4
    expect(await queueDepth(url, topology.eventsQueue)).toBe(1); // msg-3
  });

  it('answers an empty page for a service whose queue does not exist', async () => {
    expect(await queues.list('never-ran', 0, 20)).toEqual({ messages: [], total: 0 });
    expect(await queues.replay('never-ran', undefined, OPERATOR)).toBe(0);
  });

  it('lists large dead letters as bounded previews: ids and small fields kept, big strings cut, secrets masked', async () => {
    const file = 'UEsDBBQ'.repeat(150_000); // ~1 MiB of base64, as in an upload's message
    await deadLetterBodies(
      'bigsvc',
      Array.from({ length: 12 }, (_, n) => ({
        importId: `import-${n}`,
        fileName: 'march.xlsx',
        contentBase64: file,
        password: 'hunter2-hunter2',
      })),
    );

    const page = await queues.list('bigsvc', 2, 10);

    expect(page.total).toBe(12);
    expect(page.messages.map((m) => m.id)).toEqual(
      Array.from({ length: 10 }, (_, n) => `bigsvc-${n + 2}`),
    );
    for (const [n, letter] of page.messages.entries()) {
      expect(letter.bodyBytes).toBeGreaterThan(file.length);
      expect(letter.bodyTruncated).toBe(true);
      expect(letter.body).toEqual({
        importId: `import-${n + 2}`,
        fileName: 'march.xlsx',
        contentBase64: expect.stringMatching(/^(UEsDBBQ)+U?E?s?D?B?B?Q?…\(\d+ more characters\)$/),
        password: '***',
      });
    }
    // Ten 1 MiB messages, a page of a few KiB.
    expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(10 * DEAD_LETTER_LIMITS.bodyBytes);
  });

  it("stops carrying bodies once the page's byte budget is spent, still listing every letter", async () => {
    const wide = Object.fromEntries(
      Array.from({ length: 300 }, (_, k) => [`field${k}`, 'x'.repeat(150)]),
    );
    await deadLetterBodies(
      'widesvc',
      Array.from({ length: 60 }, () => wide),
    );

    const page = await queues.list('widesvc', 0, 60);

    expect(page.messages).toHaveLength(60);
    const bodies = page.messages.map((m) => Buffer.byteLength(JSON.stringify(m.body)));
    expect(bodies.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThanOrEqual(
      DEAD_LETTER_LIMITS.pageBytes + 60 * 4, // "null" for each letter past the budget
    );
    expect(bodies.every((bytes) => bytes <= DEAD_LETTER_LIMITS.bodyBytes)).toBe(true);
    const last = page.messages.at(-1);
    expect(last).toMatchObject({ body: null, bodyTruncated: true });
    expect(last?.bodyBytes).toBeGreaterThan(40_000);
    expect(last?.errorCode).toBe('INJECTED_FAULT');
  });
});
