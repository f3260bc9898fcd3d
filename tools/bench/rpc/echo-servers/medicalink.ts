import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { AmqpConnection, AmqpServer, RpcHandler } from '@medicalink/messaging';
import { startTracing } from '@medicalink/observability';
import { echoContract, type EchoPayload } from '../echo-spec';
import { serveEcho } from './serve';

@Controller()
class EchoController {
  @RpcHandler(echoContract)
  echo(payload: EchoPayload): EchoPayload {
    return payload;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

/**
 * Our transport as an app runs it: a Nest microservice with the AmqpServer
 * strategy (MessageConsumer: ack after reply, classic queues), at the prefetch
 * the bench gives it (the apps' MESSAGING_PREFETCH, or the raw baseline's 256). Also the
 * server of the traced transport.
 */
serveEcho(async ({ url, names, prefetch }) => {
  // On for the traced transport only, whose processes get OTEL_EXPORTER_OTLP_ENDPOINT.
  startTracing('bench-rpc-server');
  const logger = pino({ level: 'silent' });
  const connection = new AmqpConnection({ url, name: 'bench-echo-medicalink' }, logger);
  const app = await NestFactory.createMicroservice(EchoModule, {
    strategy: new AmqpServer({
      connection,
      logger,
      consumer: {
        prefix: names.prefix,
        service: echoContract.service,
        queueType: 'classic',
        rpcPrefetch: prefetch,
        eventPrefetch: prefetch,
        eventRetry: { maxAttempts: 1, baseDelayMs: 1_000, maxDelayMs: 1_000 },
        faults: [],
      },
    }),
    logger: false,
  });
  await connection.waitForConnection(30_000);
  await app.listen();
  return async () => {
    await app.close();
    await connection.close();
  };
});
