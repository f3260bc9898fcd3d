import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TransportErrorCode } from '@medicalink/contracts';
import { Header } from '../src/headers';
import { topologyFor } from '../src/topology';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  spawnCompiled,
  proxyInFrontOf,
  startTestService,
  takeMessages,
  type TestClient,
  type TestService,
  rpcFailure,
} from '@medicalink/testing';
import {
  echoRpc,
  EventLog,
  eventController,
  failRpc,
  itemCreated,
  slowRpc,
  TestRpcController,
} from './fixtures';

const infrastructure = inject('infrastructure');

describe('a dropped connection', () => {
  const namespace = createTestNamespace(infrastructure, 'drop');
  let service: TestService;
  afterAll(async () => {
    await service?.stop();
    await namespace.cleanup();
  });

  it('fails pending calls at once, then works again after the reconnect', async () => {
    service = await startTestService({
      namespace,
      service: 'product',
      controllers: [TestRpcController],
    });
    const { proxy, url: viaProxy } = await proxyInFrontOf(infrastructure.rabbitmqUrl, 5672);
    const client = await createTestClient(namespace, {
      rabbitmqUrl: viaProxy,
      timeoutMs: 10_000,
    });
    try {
      const pending = client.rpc.call(slowRpc, { ms: 3_000 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const dropped = Date.now();
      proxy.dropConnections();
      const error = await rpcFailure(pending);
      expect(error.code).toBe('CONNECTION_LOST');
      expect(Date.now() - dropped).toBeLessThan(500);

      await eventually(
        async () =>
          expect(await client.rpc.call(echoRpc, { text: 'back', n: 1 })).toMatchObject({
            text: 'back',
          }),
        {
          timeoutMs: 10_000,
          intervalMs: 200,
        },
      );
    } finally {
      await client.close();
      await proxy.close();
    }
  });
});

describe('fault injection', () => {
  const namespace = createTestNamespace(infrastructure, 'fault');
  const log = new EventLog();
  let service: TestService;
  let client: TestClient;

  beforeAll(async () => {
    service = await startTestService({
      namespace,
      service: 'product',
      controllers: [TestRpcController, eventController('faulty', log)],
      faults: [
        { pattern: echoRpc.pattern, mode: 'error', rate: 1, delayMs: 0 },
        { pattern: failRpc.pattern, mode: 'timeout', rate: 1, delayMs: 0 },
        { pattern: slowRpc.pattern, mode: 'slow', rate: 1, delayMs: 300 },
        { pattern: 'test.item.*', mode: 'error-retryable', rate: 1, delayMs: 0 },
      ],
    });
    client = await createTestClient(namespace);
  });
  afterAll(async () => {
    await client?.close();
    await service?.stop();
    await namespace.cleanup();
  });

  it('makes a pattern fail with INJECTED_FAULT', async () => {
    const error = await rpcFailure(client.rpc.call(echoRpc, { text: 'x', n: 1 }));
    expect(error.code).toBe(TransportErrorCode.InjectedFault);
    expect(error.retryable).toBe(false);
  });

  it('makes a pattern time out at the caller', async () => {
    const error = await rpcFailure(
      client.rpc.call(failRpc, { kind: 'domain' }, { timeoutMs: 300 }),
    );
    expect(error.code).toBe(TransportErrorCode.Timeout);
  });

  it('slows a pattern down', async () => {
    const started = Date.now();
    await client.rpc.call(slowRpc, { ms: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('makes event handling fail retryably, ending in the dead-letter queue after the retries', async () => {
    const id = randomUUID();
    await client.publisher.publish(itemCreated, { id, n: 1 });
    const [dead] = await takeMessages(
      infrastructure.rabbitmqUrl,
      topologyFor(namespace.prefix, 'product').deadLetterQueue,
      1,
    );
    expect(dead?.headers[Header.ErrorCode]).toBe(TransportErrorCode.InjectedFault);
    expect(dead?.headers[Header.Attempt]).toBe(3);
    expect(log.seen.filter((entry) => entry.id === id)).toHaveLength(0);
  });
});

describe('shutdown and crashes', () => {
  const namespace = createTestNamespace(infrastructure, 'crash');
  let client: TestClient;
  beforeAll(async () => {
    client = await createTestClient(namespace, { timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await client?.close();
    await namespace.cleanup();
  });

  it('drains in-flight handlers before closing', async () => {
    const service = await startTestService({
      namespace,
      service: 'product',
      controllers: [TestRpcController],
    });
    const calls = Array.from({ length: 3 }, () => client.rpc.call(slowRpc, { ms: 500 }));
    await eventually(() => expect(service.consumer.inFlightCount).toBe(3));
    await service.stop();
    await expect(Promise.all(calls)).resolves.toHaveLength(3);
  });

  it('redelivers an unacked event after its consumer process is killed', async () => {
    const child = spawnCompiled('slow-consumer', 'libs/messaging/test/slow-consumer.main.js', {
      RABBITMQ_URL: infrastructure.rabbitmqUrl,
      MESSAGING_PREFIX: namespace.prefix,
    });
    try {
      // a start-up guard: a Nest process loading on a busy 2-core machine has needed 14 s
      await child.waitForOutput(/ready/, 45_000);
      const id = randomUUID();
      await client.publisher.publish(itemCreated, { id, n: 1 });
      await child.waitForOutput(new RegExp(`received ${id}`));
      await child.stop('SIGKILL');

      const log = new EventLog();
      const rescuer = await startTestService({
        namespace,
        service: 'product',
        controllers: [eventController('rescuer', log)],
      });
      try {
        await eventually(() =>
          expect(log.seen.find((entry) => entry.id === id)).toMatchObject({ redelivered: true }),
        );
      } finally {
        await rescuer.stop();
      }
    } finally {
      await child.stop('SIGKILL');
    }
  }, 90_000);
});
