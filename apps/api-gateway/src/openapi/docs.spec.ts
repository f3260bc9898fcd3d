import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MessagingModule,
  type AmqpConnection,
  type EventPublisher,
  type RpcClient,
} from '@medicalink/messaging';
import { createLogger } from '@medicalink/observability';
import { AppContextModule } from '@medicalink/runtime';
import { AppModule } from '../app.module';
import { loadGatewayConfig } from '../config';
import { installApiDocs } from './docs';
import { OPENAPI_FILE } from './openapi-file';

let app: NestFastifyApplication;

beforeAll(async () => {
  // Nothing here reaches RabbitMQ or Redis: only the documents are requested.
  const env = loadGatewayConfig({
    JWT_SECRET: 'ZG9jcy10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVmLXh5ei1rZXk=',
    REDIS_URL: 'redis://127.0.0.1:1',
    LOG_LEVEL: 'silent',
  });
  @Module({
    imports: [
      MessagingModule.forRoot({
        connection: {} as AmqpConnection,
        rpcClient: {} as RpcClient,
        eventPublisher: {} as EventPublisher,
      }),
      AppContextModule.forRoot({
        config: env,
        logger: createLogger({ service: 'docs-test', level: 'silent' }),
      }),
      AppModule,
    ],
  })
  class TestRootModule {}

  app = await NestFactory.create<NestFastifyApplication>(TestRootModule, new FastifyAdapter(), {
    logger: false,
  });
  await installApiDocs(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
});

afterAll(async () => {
  await app?.close();
});

describe('GET /docs/json', () => {
  it("serves the document built from the running application's routes: docs/openapi.json", async () => {
    const response = await app.getHttpAdapter().getInstance().inject({ url: '/docs/json' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
  });

  it('serves the UI at /docs', async () => {
    const response = await app.getHttpAdapter().getInstance().inject({ url: '/docs/' });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });
});
