import { Controller } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '@medicalink/contracts';
import { EventHandler, Header, REDELIVERY_LIMIT_CODE, topologyFor } from '@medicalink/messaging';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  proxyInFrontOf,
  startTestService,
  takeMessages,
  type TcpProxy,
  type TestClient,
  type TestService,
} from '@medicalink/testing';
import { PostgresRedeliveryLedger, type Kysely } from '../src/index';
import { openTestDatabase, type TestTables } from './fixtures';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'redeliv');
const REDELIVERY_LIMIT = 2;

const poison = defineEvent('test.poison.sent', z.object({ n: z.number().int() }).strict());

/** Each delivery of the poison never finishes: as if its handling hung or killed the process. */
const deliveries: number[] = [];
const hung: (() => void)[] = [];

@Controller()
class PoisonController {
  @EventHandler(poison)
  handle({ n }: { n: number }): Promise<void> {
    deliveries.push(n);
    return new Promise((resolve) => hung.push(resolve));
  }
}

let db: Kysely<TestTables>;
let rabbit: TcpProxy;
let service: TestService;
let client: TestClient;

beforeAll(async () => {
  db = await openTestDatabase(namespace, 'redelivery');
  const proxied = await proxyInFrontOf(infrastructure.rabbitmqUrl, 5672);
  rabbit = proxied.proxy;
  service = await startTestService({
    namespace,
    service: 'product',
    controllers: [PoisonController],
    rabbitmqUrl: proxied.url,
    redeliveries: { ledger: new PostgresRedeliveryLedger(db), limit: REDELIVERY_LIMIT },
  });
  client = await createTestClient(namespace);
});

afterAll(async () => {
  hung.forEach((release) => release());
  await client?.close();
  await service?.stop();
  await rabbit?.close();
  await db?.destroy();
  await namespace.cleanup();
});

describe('a message whose handling never ends (the consumer dies with it, again and again)', () => {
  it(`is handled ${REDELIVERY_LIMIT} more times, then dead-lettered unhandled with REDELIVERY_LIMIT`, async () => {
    await client.publisher.publish(poison, { n: 7 });
    for (let handled = 1; handled <= REDELIVERY_LIMIT + 1; handled += 1) {
      await eventually(() => expect(deliveries).toHaveLength(handled), { timeoutMs: 15_000 });
      rabbit.dropConnections(); // unacked: the broker delivers it again after the reconnect
    }

    const dlq = topologyFor(namespace.prefix, 'product').deadLetterQueue;
    const [dead] = await takeMessages(infrastructure.rabbitmqUrl, dlq, 1, 20_000);
    expect(dead?.body).toEqual({ n: 7 });
    expect(dead?.headers[Header.ErrorCode]).toBe(REDELIVERY_LIMIT_CODE);
    expect(deliveries).toEqual([7, 7, 7]);
    const counts = await db.selectFrom('redelivered_messages').selectAll().execute();
    expect(counts).toEqual([
      expect.objectContaining({ consumer: 'product', redeliveries: REDELIVERY_LIMIT + 1 }),
    ]);
  }, 60_000);
});
