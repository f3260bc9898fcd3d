import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import amqplib from 'amqplib';
import { healthCheckRpc, TransportErrorCode } from '@medicalink/contracts';
import { Header } from '../src/headers';
import { rpcQueueName, topologyFor } from '../src/topology';
import { runInContext } from '@medicalink/observability';
import {
  createTestClient,
  createTestNamespace,
  publishRaw,
  startTestService,
  takeMessages,
  type TestClient,
  type TestService,
  rpcFailure,
} from '@medicalink/testing';
import { calls, echoRpc, failRpc, missingRpc, slowRpc, TestRpcController } from './fixtures';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'rpc');
let service: TestService;
let client: TestClient;

beforeAll(async () => {
  service = await startTestService({
    namespace,
    service: 'product',
    controllers: [TestRpcController],
    prefetch: 4,
  });
  client = await createTestClient(namespace, { timeoutMs: 2_000 });
});

afterAll(async () => {
  await client?.close();
  await service?.stop();
  await namespace.cleanup();
});

async function declareQueue(queue: string): Promise<void> {
  const connection = await amqplib.connect(infrastructure.rabbitmqUrl);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, {
    durable: true,
    arguments: { 'x-queue-type': 'classic', 'x-expires': 600_000 },
  });
  await connection.close();
}

describe('RPC over RabbitMQ', () => {
  it('round-trips a typed request and carries the caller correlation id', async () => {
    const reply = await runInContext({ correlationId: 'corr-123' }, () =>
      client.rpc.call(echoRpc, { text: 'hello', n: 7 }),
    );
    expect(reply).toEqual({ text: 'hello', n: 7, correlationId: 'corr-123' });
  });

  it('rejects an invalid request before sending it', async () => {
    const error = await rpcFailure(client.rpc.call(echoRpc, { text: '', n: 1.5 }));
    expect(error.code).toBe(TransportErrorCode.ValidationFailed);
    expect(error.message).toContain('text');
    expect(error.message).toContain('n');
  });

  it('answers a schema-invalid payload with a typed 400 and keeps serving', async () => {
    const replies = `${namespace.prefix}.test-replies`;
    // A raw publisher that skips client-side validation, as a buggy or foreign caller would.
    await publishRaw(
      infrastructure.rabbitmqUrl,
      { routingKey: rpcQueueName(namespace.prefix, 'product') },
      '{"text":42}',
      {
        type: echoRpc.pattern,
        replyTo: replies,
        correlationId: 'bad-1',
      },
    );
    // The reply queue does not exist, so the reply is dropped by the broker; what matters is that
    // the service went on serving and did not dead-letter a merely invalid request.
    expect(await client.rpc.call(echoRpc, { text: 'still here', n: 1 })).toMatchObject({
      text: 'still here',
    });
  });

  it('returns the error envelope of a throwing handler, not a timeout', async () => {
    const started = Date.now();
    const domain = await rpcFailure(client.rpc.call(failRpc, { kind: 'domain' }));
    expect(domain.envelope).toEqual({
      code: 'ITEM_TAKEN',
      message: 'Item code already used',
      status: 409,
      details: { field: 'code' },
      retryable: false,
    });
    const crash = await rpcFailure(client.rpc.call(failRpc, { kind: 'crash' }, { retries: 0 }));
    expect(crash.code).toBe(TransportErrorCode.Internal);
    expect(crash.status).toBe(500);
    expect(crash.message).toBe('database connection reset');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses a reply that breaks the response contract', async () => {
    const error = await rpcFailure(client.rpc.call(failRpc, { kind: 'bad-reply' }, { retries: 0 }));
    expect(error.code).toBe(TransportErrorCode.InvalidResponse);
  });

  it('times out (and does not hang) when nobody consumes the queue', async () => {
    // The orchestrator queue exists (declared below) but no orchestrator runs in this namespace.
    await declareQueue(topologyFor(namespace.prefix, 'orchestrator').rpcQueue);
    const started = Date.now();
    const error = await rpcFailure(
      client.rpc.call(healthCheckRpc('orchestrator'), {}, { timeoutMs: 300 }),
    );
    const elapsed = Date.now() - started;
    expect(error.code).toBe(TransportErrorCode.Timeout);
    expect(error.status).toBe(503);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('fails at once with SERVICE_UNAVAILABLE when no queue exists for the service', async () => {
    const started = Date.now();
    const error = await rpcFailure(
      client.rpc.call(healthCheckRpc('education'), {}, { retries: 0 }),
    );
    expect(error.code).toBe(TransportErrorCode.ServiceUnavailable);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('answers an unknown pattern with UNKNOWN_PATTERN, dead-letters it, and is not jammed', async () => {
    const error = await rpcFailure(client.rpc.call(missingRpc, {}));
    expect(error.code).toBe(TransportErrorCode.UnknownPattern);
    const [dead] = await takeMessages(
      infrastructure.rabbitmqUrl,
      topologyFor(namespace.prefix, 'product').deadLetterQueue,
      1,
    );
    expect(dead?.properties.type).toBe(missingRpc.pattern);
    expect(dead?.headers[Header.ErrorCode]).toBe(TransportErrorCode.UnknownPattern);
    expect(await client.rpc.call(echoRpc, { text: 'after', n: 2 })).toMatchObject({
      text: 'after',
    });
  });

  it('skips a request whose caller deadline passed while it waited in the queue', async () => {
    calls.slow = 0;
    // prefetch is 4: four slow calls occupy the service, the fifth waits in the queue past its deadline.
    const busy = Array.from({ length: 4 }, () => client.rpc.call(slowRpc, { ms: 400 }));
    const late = await rpcFailure(client.rpc.call(slowRpc, { ms: 0 }, { timeoutMs: 150 }));
    expect(late.code).toBe(TransportErrorCode.Timeout);
    await Promise.all(busy);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls.slow).toBe(4);
  });

  it('serves many concurrent calls', async () => {
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, n) => client.rpc.call(echoRpc, { text: `m${n}`, n })),
    );
    expect(replies.map((reply) => reply.n)).toEqual(Array.from({ length: 200 }, (_, n) => n));
  });
});
