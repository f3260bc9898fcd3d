import { Controller } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  proxyInFrontOf,
  startTestService,
  takeMessages,
  TEST_EVENT_RETRY,
  type TcpProxy,
  type TestClient,
  type TestService,
} from '@medicalink/testing';
import { Header } from '../src/headers';
import { EventHandler } from '../src/nest/decorators';
import { REDELIVERY_UNCOUNTED_CODE } from '../src/redelivery-guard';
import { topologyFor } from '../src/topology';
import { itemCreated } from './fixtures';

/**
 * The ledger that counts redeliveries on classic queues is down (its database is): a message
 * that ends its consumer each time must still not loop. A redelivery that cannot be counted
 * is not handled; it takes the event retry path (delay queues, then the dead-letter queue).
 */
const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'uncounted');

const deliveries: boolean[] = [];
const hung: (() => void)[] = [];

@Controller()
class HangingController {
  @EventHandler(itemCreated)
  handle(_payload: unknown, context: { redelivered: boolean }): Promise<void> {
    deliveries.push(context.redelivered);
    return new Promise((resolve) => hung.push(resolve));
  }
}

let rabbit: TcpProxy;
let service: TestService;
let client: TestClient;

beforeAll(async () => {
  const proxied = await proxyInFrontOf(infrastructure.rabbitmqUrl, 5672);
  rabbit = proxied.proxy;
  service = await startTestService({
    namespace,
    service: 'product',
    controllers: [HangingController],
    rabbitmqUrl: proxied.url,
    prefetch: 1,
    redeliveries: {
      limit: 100,
      ledger: { countRedelivery: () => Promise.reject(new Error('connect ECONNREFUSED')) },
    },
  });
  client = await createTestClient(namespace);
});

afterAll(async () => {
  hung.forEach((release) => release());
  await client?.close();
  await service?.stop();
  await rabbit?.close();
  await namespace.cleanup();
});

describe('a redelivery the ledger cannot count', () => {
  it('is not handled: retried through the delay queues, then dead-lettered with REDELIVERY_UNCOUNTED', async () => {
    await client.publisher.publish(itemCreated, { id: 'hangs', n: 1 });
    const dlq = topologyFor(namespace.prefix, 'product').deadLetterQueue;
    const dead = takeMessages(infrastructure.rabbitmqUrl, dlq, 1, 40_000);
    // Each attempt's delivery hangs until its connection drops; the redelivery is refused.
    for (let handled = 1; handled <= TEST_EVENT_RETRY.maxAttempts; handled += 1) {
      await eventually(() => expect(deliveries).toHaveLength(handled), { timeoutMs: 15_000 });
      rabbit.dropConnections();
    }
    const [letter] = await dead;
    expect(letter?.headers[Header.ErrorCode]).toBe(REDELIVERY_UNCOUNTED_CODE);
    expect(letter?.headers[Header.Attempt]).toBe(TEST_EVENT_RETRY.maxAttempts);
    // Only first deliveries of each attempt ran the handler, never a redelivery.
    expect(deliveries).toEqual(Array.from({ length: TEST_EVENT_RETRY.maxAttempts }, () => false));
  }, 60_000);
});
