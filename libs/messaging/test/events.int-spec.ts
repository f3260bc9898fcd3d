import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TransportErrorCode } from '@medicalink/contracts';
import { eventsExchangeName, topologyFor } from '../src/topology';
import { Header } from '../src/headers';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  publishRaw,
  queueDepth,
  startTestService,
  takeMessages,
  TEST_EVENT_RETRY,
  type TestClient,
  type TestService,
} from '@medicalink/testing';
import {
  EventLog,
  eventController,
  instanceEventController,
  itemCreated,
  itemFailed,
} from './fixtures';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'evt');
const log = new EventLog();
const services: TestService[] = [];
let client: TestClient;

// "product" runs two instances (competing consumers); "education" is a second subscribing service;
// "gateway" runs two instances that each see every event (per-process queues).
beforeAll(async () => {
  for (const [service, label] of [
    ['product', 'product-1'],
    ['product', 'product-2'],
    ['education', 'education'],
    ['gateway', 'gateway-1'],
    ['gateway', 'gateway-2'],
  ] as const) {
    const controller =
      service === 'gateway' ? instanceEventController(label, log) : eventController(label, log);
    services.push(
      await startTestService({
        namespace,
        service,
        controllers: [controller],
        prefetch: 1,
      }),
    );
  }
  client = await createTestClient(namespace);
});

afterAll(async () => {
  await client?.close();
  await Promise.all(services.map((service) => service.stop()));
  await namespace.cleanup();
});

const dlq = (service: string) => topologyFor(namespace.prefix, service).deadLetterQueue;
const seenIds = (label: string) =>
  log.seen.filter((entry) => entry.label === label).map((entry) => entry.id);

describe('events over the topic exchange', () => {
  it('reaches every subscribing service once, shared between the instances of one', async () => {
    const ids: string[] = Array.from({ length: 40 }, () => randomUUID());
    await Promise.all(ids.map((id, n) => client.publisher.publish(itemCreated, { id, n })));
    await eventually(() => {
      expect(seenIds('education').filter((id) => ids.includes(id))).toHaveLength(40);
      const product = [...seenIds('product-1'), ...seenIds('product-2')].filter((id) =>
        ids.includes(id),
      );
      expect(product).toHaveLength(40);
    });
    const product = [...seenIds('product-1'), ...seenIds('product-2')].filter((id) =>
      ids.includes(id),
    );
    expect(new Set(product).size).toBe(40);
    expect(seenIds('product-1').length).toBeGreaterThan(0);
    expect(seenIds('product-2').length).toBeGreaterThan(0);
  });

  it('reaches every instance of a service through per-instance handlers, each once', async () => {
    const ids: string[] = Array.from({ length: 20 }, () => randomUUID());
    await Promise.all(ids.map((id, n) => client.publisher.publish(itemCreated, { id, n })));
    await eventually(() => {
      for (const label of ['gateway-1', 'gateway-2']) {
        expect(seenIds(label).filter((id) => ids.includes(id))).toHaveLength(20);
      }
    });
    for (const label of ['gateway-1', 'gateway-2']) {
      expect(new Set(seenIds(label).filter((id) => ids.includes(id))).size).toBe(20);
    }
  });

  it('publishes persistent messages and resolves only once the broker confirmed them', async () => {
    // A queue bound by hand, so the test can look at what the broker stored.
    const amqplib = await import('amqplib');
    const connection = await amqplib.connect(infrastructure.rabbitmqUrl);
    const channel = await connection.createChannel();
    const queue = `${namespace.prefix}.confirm-probe`;
    await channel.assertQueue(queue, {
      durable: false,
      autoDelete: false,
      arguments: { 'x-expires': 60_000 },
    });
    await channel.bindQueue(queue, eventsExchangeName(namespace.prefix), itemCreated.name);
    await connection.close();

    const messageId = await client.publisher.publish(
      itemCreated,
      { id: 'confirmed', n: 1 },
      { messageId: 'outbox-row-1' },
    );
    expect(messageId).toBe('outbox-row-1');
    expect(await queueDepth(infrastructure.rabbitmqUrl, queue)).toBe(1);
    const [stored] = await takeMessages(infrastructure.rabbitmqUrl, queue, 1);
    expect(stored?.properties.deliveryMode).toBe(2);
    expect(stored?.properties.messageId).toBe('outbox-row-1');
    expect(stored?.headers[Header.CorrelationId]).toEqual(expect.any(String));
  });

  it('retries a retryable failure with growing delays, then dead-letters it with the error', async () => {
    const id = randomUUID();
    await client.publisher.publish(itemFailed, { id, retryable: true });
    const dead = await takeMessages(infrastructure.rabbitmqUrl, dlq('education'), 1);
    const attempts = log.seen.filter((entry) => entry.label === 'education' && entry.id === id);
    expect(attempts.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    const gaps = attempts.slice(1).map((entry, index) => entry.at - attempts[index]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(TEST_EVENT_RETRY.baseDelayMs - 5);
    expect(gaps[1]).toBeGreaterThanOrEqual(TEST_EVENT_RETRY.baseDelayMs * 2 - 5);
    expect(dead[0]?.body).toEqual({ id, retryable: true });
    expect(dead[0]?.headers).toMatchObject({
      [Header.ErrorCode]: 'ITEM_BROKEN',
      [Header.ErrorMessage]: `item ${id} cannot be processed`,
      [Header.Attempt]: 3,
    });
    // The product instances dead-letter their own copy: each service retries on its own.
    await takeMessages(infrastructure.rabbitmqUrl, dlq('product'), 1);
  });

  it('dead-letters a non-retryable failure at once', async () => {
    const id = randomUUID();
    await client.publisher.publish(itemFailed, { id, retryable: false });
    const [dead] = await takeMessages(infrastructure.rabbitmqUrl, dlq('education'), 1);
    expect(dead?.headers[Header.Attempt]).toBe(1);
    expect(log.seen.filter((entry) => entry.label === 'education' && entry.id === id)).toHaveLength(
      1,
    );
    await takeMessages(infrastructure.rabbitmqUrl, dlq('product'), 1);
  });

  it('dead-letters a schema-invalid event without calling the handler, and keeps serving', async () => {
    const exchange = eventsExchangeName(namespace.prefix);
    await publishRaw(
      infrastructure.rabbitmqUrl,
      { exchange, routingKey: itemCreated.name },
      JSON.stringify({ id: 42 }),
      {
        type: itemCreated.name,
        messageId: 'invalid-1',
      },
    );
    await publishRaw(
      infrastructure.rabbitmqUrl,
      { exchange, routingKey: itemCreated.name },
      '{not json',
      {
        type: itemCreated.name,
        messageId: 'garbled-1',
      },
    );
    const dead = await takeMessages(infrastructure.rabbitmqUrl, dlq('education'), 2);
    const byId = Object.fromEntries(
      dead.map((message) => [message.properties.messageId as string, message]),
    );
    expect(byId['invalid-1']?.headers[Header.ErrorCode]).toBe(TransportErrorCode.ValidationFailed);
    expect(String(byId['invalid-1']?.headers[Header.ErrorMessage])).toContain('id');
    expect(byId['garbled-1']?.headers[Header.ErrorCode]).toBe(TransportErrorCode.BadMessage);
    expect(byId['garbled-1']?.raw).toBe('{not json');
    await takeMessages(infrastructure.rabbitmqUrl, dlq('product'), 2);

    const id = randomUUID();
    await client.publisher.publish(itemCreated, { id, n: 1 });
    await eventually(() => expect(seenIds('education')).toContain(id));
  });

  it('dead-letters an event whose name this service does not handle', async () => {
    await publishRaw(
      infrastructure.rabbitmqUrl,
      { routingKey: topologyFor(namespace.prefix, 'education').eventsQueue },
      '{}',
      { type: 'test.unknown.happened', messageId: 'unknown-1' },
    );
    const [dead] = await takeMessages(infrastructure.rabbitmqUrl, dlq('education'), 1);
    expect(dead?.headers[Header.ErrorCode]).toBe(TransportErrorCode.UnknownPattern);
    const id = randomUUID();
    await client.publisher.publish(itemCreated, { id, n: 2 });
    await eventually(() => expect(seenIds('education')).toContain(id));
  });
});
