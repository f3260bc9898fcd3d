import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  createTestNamespace,
  eventually,
  queueDepth,
  startTestService,
  TEST_EVENT_RETRY,
  type TestService,
} from '@medicalink/testing';
import { AmqpConnection } from '../src/connection';
import { EventPublisher } from '../src/event-publisher';
import { retryDelays } from '../src/retry-schedule';
import { topologyFor } from '../src/topology';
import { EventLog, eventController, itemCreated, itemFailed } from './fixtures';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'late');
const SUBSCRIBER = 'late-subscriber';
const log = new EventLog();
let connection: AmqpConnection | undefined;
let service: TestService | undefined;

afterAll(async () => {
  await service?.stop();
  await connection?.close();
  await namespace.cleanup();
});

describe('an event published before its subscriber ever started', () => {
  it('waits in the queue the publisher declared for it, and reaches the subscriber once it runs', async () => {
    namespace.trackServices(SUBSCRIBER);
    connection = new AmqpConnection(
      { url: infrastructure.rabbitmqUrl, name: 'late-publisher' },
      pino({ level: 'silent' }),
    );
    const publisher = new EventPublisher(connection, {
      prefix: namespace.prefix,
      source: 'test',
      // as startTestService's consumer declares its queues
      subscribers: {
        subscriptions: { [SUBSCRIBER]: [itemCreated.name, itemFailed.name] },
        queueType: 'classic',
        retryDelaysMs: retryDelays(TEST_EVENT_RETRY),
        queueExpiresMs: 600_000,
      },
    });
    const id = randomUUID();

    await publisher.publish(itemCreated, { id, n: 1 });
    const queue = topologyFor(namespace.prefix, SUBSCRIBER).eventsQueue;
    expect(await queueDepth(infrastructure.rabbitmqUrl, queue)).toBe(1);

    service = await startTestService({
      namespace,
      service: SUBSCRIBER,
      controllers: [eventController(SUBSCRIBER, log)],
    });
    await eventually(() => expect(log.seen.map((entry) => entry.id)).toEqual([id]));
  });
});
