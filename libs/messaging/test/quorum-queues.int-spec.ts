import { randomUUID } from 'node:crypto';
import amqplib from 'amqplib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  queueDepth,
  queueTypes,
  startTestService,
  takeMessages,
  type TestClient,
  type TestService,
} from '@medicalink/testing';
import { AmqpConnection } from '../src/connection';
import { DeadLetterQueues } from '../src/dead-letters';
import { Header } from '../src/headers';
import { topologyFor, type Topology } from '../src/topology';
import {
  echoRpc,
  EventLog,
  eventController,
  itemCreated,
  itemFailed,
  TestRpcController,
} from './fixtures';

/**
 * MESSAGING_QUEUE_TYPE=quorum: the same transport on quorum queues (what a clustered broker
 * runs): RPC, events with their delay queues (TTL + dead-lettering back), the dead-letter
 * queue, and the operator's browse and replay of it.
 */
const infrastructure = inject('infrastructure');
const url = infrastructure.rabbitmqUrl;
const namespace = createTestNamespace(infrastructure, 'quorum');
const log = new EventLog();
const services: TestService[] = [];
let client: TestClient;
let product: Topology;

beforeAll(async () => {
  product = topologyFor(namespace.prefix, 'product');
  services.push(
    await startTestService({
      namespace,
      service: 'product',
      controllers: [TestRpcController, eventController('product', log)],
      queueType: 'quorum',
      prefetch: 4,
    }),
  );
  client = await createTestClient(namespace);
});

afterAll(async () => {
  await client?.close();
  for (const service of services) await service.stop();
  await namespace.cleanup();
});

describe('the transport on quorum queues', () => {
  it('declares every queue of the service as a quorum queue, as the broker reports it', async () => {
    const queues = [
      product.rpcQueue,
      product.eventsQueue,
      product.deadLetterQueue,
      product.retryQueue(50),
    ];
    const types = await queueTypes(url, queues);
    expect(types).toEqual(Object.fromEntries(queues.map((queue) => [queue, 'quorum'])));
  });

  it('tells a classic queue apart, even one whose arguments differ from a fresh declaration', async () => {
    // Redeclaring this one with other arguments fails (PRECONDITION_FAILED) as it would for a
    // quorum queue: only the broker's own report of the type tells them apart.
    const classic = `${namespace.prefix}.classic-probe`;
    const connection = await amqplib.connect(url);
    try {
      const channel = await connection.createChannel();
      await channel.assertQueue(classic, {
        durable: true,
        arguments: { 'x-queue-type': 'classic', 'x-expires': 60_000 },
      });
    } finally {
      await connection.close();
    }
    expect(await queueTypes(url, [classic, product.rpcQueue])).toEqual({
      [classic]: 'classic',
      [product.rpcQueue]: 'quorum',
    });
  });

  it('answers RPCs', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, n) => client.rpc.call(echoRpc, { text: 'q', n })),
    );
    expect(replies.map((reply) => reply.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
  });

  it('delivers events, retries through the quorum delay queues, then dead-letters with the error', async () => {
    const delivered = randomUUID();
    await client.publisher.publish(itemCreated, { id: delivered, n: 1 });
    await eventually(() => expect(log.seen.map((entry) => entry.id)).toContain(delivered));

    const failing = randomUUID();
    await client.publisher.publish(itemFailed, { id: failing, retryable: true });
    const [dead] = await takeMessages(url, product.deadLetterQueue, 1);
    expect(log.seen.filter((entry) => entry.id === failing).map((e) => e.attempt)).toEqual([
      1, 2, 3,
    ]);
    expect(dead?.headers).toMatchObject({ [Header.ErrorCode]: 'ITEM_BROKEN', [Header.Attempt]: 3 });
  });

  it('lists the quorum DLQ without removing anything and replays from it', async () => {
    const connection = new AmqpConnection({ url, name: 'quorum-dlq' }, pino({ level: 'silent' }));
    await connection.waitForConnection(10_000);
    try {
      const queues = new DeadLetterQueues(connection, namespace.prefix, pino({ level: 'silent' }));
      const id = randomUUID();
      await client.publisher.publish(itemFailed, { id, retryable: false });
      await eventually(async () => expect(await queueDepth(url, product.deadLetterQueue)).toBe(1));
      for (let round = 0; round < 3; round += 1) {
        const page = await queues.list('product', 0, 10);
        expect(page.total).toBe(1);
        expect(page.messages[0]?.body).toEqual({ id, retryable: false });
      }
      expect(await queueDepth(url, product.deadLetterQueue)).toBe(1);
      expect(await queues.replay('product', undefined, 'operator-1')).toBe(1);
      // Replayed to the events queue, handled (and refused) once more, dead-lettered again.
      await eventually(() => expect(log.seen.filter((entry) => entry.id === id)).toHaveLength(2));
      await eventually(async () => expect(await queueDepth(url, product.deadLetterQueue)).toBe(1));
    } finally {
      await connection.close();
    }
  });
});
