import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Header, REDELIVERY_LIMIT_CODE, topologyFor, type QueueType } from '@medicalink/messaging';
import { databaseUrl } from '../src/index';
import {
  CRASHING_CONSUMER_SCRIPT,
  createTestClient,
  createTestNamespace,
  eventually,
  healthyEvent,
  killerEvent,
  killerRpc,
  superviseCompiled,
  takeMessages,
  type SupervisedProcess,
  type TestClient,
} from '@medicalink/testing';
import { openTestDatabase } from './fixtures';

/**
 * A message whose handling ends its consumer's process (SIGKILL, like an out-of-memory crash),
 * with a supervisor that restarts the process each time it dies (as a container runtime or a
 * process manager does): the broker redelivers the message to every new process, so only a
 * count that the crash cannot lose stops the loop.
 */
const infrastructure = inject('infrastructure');
const LIMIT = 2;
/** runs the supervisor allows (two tests, each ending the consumer LIMIT + 1 times) */
const MAX_STARTS = 2 * (LIMIT + 1) + 2;

describe.each<{ queueType: QueueType; ledger: boolean }>([
  { queueType: 'classic', ledger: true },
  { queueType: 'quorum', ledger: false },
])('a message that kills its consumer ($queueType queues)', ({ queueType, ledger }) => {
  const namespace = createTestNamespace(infrastructure, `crash${queueType.slice(0, 1)}`);
  let client: TestClient;
  let consumer: SupervisedProcess;
  /** lines of every run of the consumer that start with `verb` and end with `id` */
  const lines = (verb: string, id: string) =>
    consumer
      .output()
      .split('\n')
      .filter((line) => line.startsWith(verb) && line.endsWith(` ${id}`)).length;

  beforeAll(async () => {
    const env: Record<string, string> = { QUEUE_TYPE: queueType };
    if (ledger) {
      const db = await openTestDatabase(namespace, 'ledger');
      await db.destroy();
      env['LEDGER_DATABASE_URL'] = databaseUrl(
        infrastructure.postgresUrl,
        namespace.database('ledger'),
      );
    }
    consumer = superviseCompiled('crashing-consumer', CRASHING_CONSUMER_SCRIPT, {
      env: () => ({
        RABBITMQ_URL: infrastructure.rabbitmqUrl,
        MESSAGING_PREFIX: namespace.prefix,
        REDELIVERY_LIMIT: String(LIMIT),
        ...env,
      }),
      maxStarts: MAX_STARTS,
    });
    await consumer.current().waitForOutput(/ready/, 30_000);
    client = await createTestClient(namespace);
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await client?.close();
    await namespace.cleanup();
  });

  it(`ends in the dead-letter queue with its error after ${LIMIT + 1} deliveries, and the consumer serves again`, async () => {
    const id = randomUUID();
    await client.publisher.publish(killerEvent, { id });

    const dlq = topologyFor(namespace.prefix, 'product').deadLetterQueue;
    const [dead] = await takeMessages(infrastructure.rabbitmqUrl, dlq, 1, 60_000);
    expect(dead?.body).toEqual({ id });
    expect(dead?.headers[Header.ErrorCode]).toBe(REDELIVERY_LIMIT_CODE);
    expect(String(dead?.headers[Header.ErrorMessage])).toMatch(/^Delivered 4 times/);
    // Quorum queues count in the broker; classic ones in the service's database.
    expect(JSON.parse(String(dead?.headers[Header.ErrorDetails]))).toEqual({
      deliveries: LIMIT + 2,
      limit: LIMIT,
      countedBy: ledger ? 'ledger' : 'broker',
    });
    expect(lines('handling', id)).toBe(LIMIT + 1);

    const healthy = randomUUID();
    await client.publisher.publish(healthyEvent, { id: healthy });
    await eventually(() => expect(lines('handled healthy', healthy)).toBe(1));
  }, 90_000);

  it('answers an RPC whose handler kills the consumer with REDELIVERY_LIMIT once the limit is reached', async () => {
    const id = randomUUID();
    const call = client.rpc.call(killerRpc, { id }, { timeoutMs: 60_000 });
    await expect(call).rejects.toMatchObject({ code: REDELIVERY_LIMIT_CODE });
    expect(lines('handling', id)).toBe(LIMIT + 1);
  }, 90_000);
});
