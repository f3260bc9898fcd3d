import 'reflect-metadata';
import { Module, type INestMicroservice, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino, { type Logger } from 'pino';
import {
  AmqpConnection,
  AmqpServer,
  EventPublisher,
  RpcClient,
  type FaultRule,
  type MessageConsumer,
  type RedeliveryGuardSettings,
  type ResilienceSettings,
  type QueueType,
  type RetrySettings,
} from '@medicalink/messaging';
import { TEST_EVENT_RETRY, type TestNamespace } from './namespace';

export function testLogger(): Logger {
  return pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
}

export interface TestServiceOptions {
  namespace: Pick<TestNamespace, 'prefix' | 'infrastructure' | 'trackServices'>;
  /** a name from SERVICE_NAMES, or any other for event-only consumers */
  service: string;
  controllers: Type<unknown>[];
  providers?: Provider[];
  faults?: FaultRule[];
  eventRetry?: RetrySettings;
  prefetch?: number;
  rabbitmqUrl?: string;
  redeliveries?: RedeliveryGuardSettings;
  /** MESSAGING_QUEUE_TYPE of the service's queues; default classic */
  queueType?: QueueType;
}

export interface TestService {
  app: INestMicroservice;
  consumer: MessageConsumer;
  stop(): Promise<void>;
}

/** A Nest microservice on our transport, in this process, with the given controllers. */
export async function startTestService(options: TestServiceOptions): Promise<TestService> {
  const logger = testLogger();
  options.namespace.trackServices(options.service);
  const connection = new AmqpConnection(
    {
      url: options.rabbitmqUrl ?? options.namespace.infrastructure.rabbitmqUrl,
      name: `test-${options.service}`,
    },
    logger,
  );
  @Module({ controllers: options.controllers, providers: options.providers ?? [] })
  class TestServiceModule {}
  const server = new AmqpServer({
    connection,
    logger,
    consumer: {
      prefix: options.namespace.prefix,
      service: options.service,
      queueType: options.queueType ?? 'classic',
      queueExpiresMs: 600_000,
      rpcPrefetch: options.prefetch ?? 16,
      eventPrefetch: options.prefetch ?? 16,
      eventRetry: options.eventRetry ?? TEST_EVENT_RETRY,
      faults: options.faults ?? [],
      drainTimeoutMs: 5_000,
      ...(options.redeliveries ? { redeliveries: options.redeliveries } : {}),
    },
  });
  const app = await NestFactory.createMicroservice(TestServiceModule, {
    strategy: server,
    logger: false,
  });
  await app.listen();
  return {
    app,
    consumer: server.unwrap<MessageConsumer>(),
    stop: async () => {
      await app.close();
      await connection.close();
    },
  };
}

export interface TestClient {
  connection: AmqpConnection;
  rpc: RpcClient;
  publisher: EventPublisher;
  close(): Promise<void>;
}

/** An RPC client and event publisher in this process, as another service would have. */
export async function createTestClient(
  namespace: TestNamespace,
  options: {
    rabbitmqUrl?: string;
    timeoutMs?: number;
    resilience?: Partial<ResilienceSettings>;
    confirmTimeoutMs?: number;
  } = {},
): Promise<TestClient> {
  const logger = testLogger();
  const connection = new AmqpConnection(
    {
      url: options.rabbitmqUrl ?? namespace.infrastructure.rabbitmqUrl,
      name: 'test-client',
      heartbeatSeconds: 5,
    },
    logger,
  );
  const rpc = new RpcClient(
    connection,
    {
      prefix: namespace.prefix,
      defaultTimeoutMs: options.timeoutMs ?? 3_000,
      ...(options.resilience ? { resilience: options.resilience } : {}),
    },
    logger,
  );
  const publisher = new EventPublisher(connection, {
    prefix: namespace.prefix,
    source: 'test',
    ...(options.confirmTimeoutMs ? { confirmTimeoutMs: options.confirmTimeoutMs } : {}),
  });
  await rpc.ready();
  return {
    connection,
    rpc,
    publisher,
    close: async () => {
      await rpc.close();
      await publisher.close();
      await connection.close();
    },
  };
}
