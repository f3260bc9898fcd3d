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
import { DeadLetterQueues } from '../src/dead-letters';
import { topologyFor } from '../src/topology';

const infrastructure = inject('infrastructure');
const url = infrastructure.rabbitmqUrl;
let namespace: TestNamespace;
let connection: AmqpConnection;
let queues: DeadLetterQueues;
const logger = pino({ level: 'silent' });

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

    expect(await queues.replay('dlqsvc', ['dlqsvc-msg-1', 'dlqsvc-msg-2', 'unknown-id'])).toBe(2);

    const [rpc] = await takeMessages(url, topology.rpcQueue, 1);
    expect(rpc?.properties.messageId).toBe('dlqsvc-msg-2');
    expect(rpc?.headers['x-error-code']).toBeUndefined();
    expect(rpc?.headers['x-attempt']).toBeUndefined();
    expect(rpc?.headers['x-correlation-id']).toBe('corr-2');
    expect(rpc?.headers['x-replayed-error-code']).toBe('VALIDATION_FAILED');
    const [event] = await takeMessages(url, topology.eventsQueue, 1);
    expect(event?.properties.messageId).toBe('dlqsvc-msg-1');
    expect(event?.body).toEqual({ n: 1, password: 'hunter2-hunter2' }); // the payload itself is intact
    expect((await queues.list('dlqsvc', 0, 10)).messages.map((m) => m.id)).toEqual([
      'dlqsvc-msg-0',
      'dlqsvc-msg-3',
      'dlqsvc-msg-4',
    ]);
    expect(await replayedCount('dlqsvc')).toBe(before + 2);

    expect(await queues.replay('dlqsvc', undefined)).toBe(3);
    expect(await queueDepth(url, topology.deadLetterQueue)).toBe(0);
    expect(await queueDepth(url, topology.rpcQueue)).toBe(2); // msg-0, msg-4
    expect(await queueDepth(url, topology.eventsQueue)).toBe(1); // msg-3
  });

  it('answers an empty page for a service whose queue does not exist', async () => {
    expect(await queues.list('never-ran', 0, 20)).toEqual({ messages: [], total: 0 });
    expect(await queues.replay('never-ran', undefined)).toBe(0);
  });
});
