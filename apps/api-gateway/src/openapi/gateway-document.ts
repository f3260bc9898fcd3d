import { Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { DiscoveryService, ModulesContainer, NestFactory } from '@nestjs/core';
import {
  MessagingModule,
  type AmqpConnection,
  type EventPublisher,
  type RpcClient,
} from '@medicalink/messaging';
import { createLogger } from '@medicalink/observability';
import { AppContextModule } from '@medicalink/runtime';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from './openapi-document';
import { openApiRoutesOf } from './openapi-routes';

export const API_VERSION = '0.1.0';

/** The controllers of a Nest application (or of its preview), found by Nest's discovery. */
export function controllersOf(app: INestApplicationContext): Type<unknown>[] {
  return new DiscoveryService(app.get(ModulesContainer))
    .getControllers()
    .map((wrapper) => wrapper.metatype as Type<unknown>);
}

/** The gateway's OpenAPI document, from the route metadata of the application's controllers. */
export function gatewayOpenApiDocument(app: INestApplicationContext) {
  return buildOpenApiDocument(openApiRoutesOf(controllersOf(app)), API_VERSION);
}

/** The same document without RabbitMQ, Redis or a listener (npm run docs:openapi, tests). */
export async function previewGatewayOpenApiDocument() {
  return buildOpenApiDocument(await previewGatewayRoutes(), API_VERSION);
}

/**
 * The gateway's routes as the document describes them, from Nest's preview mode: it resolves the
 * module graph (modules, controllers, their metadata) and instantiates nothing.
 */
export async function previewGatewayRoutes() {
  // What runService adds around AppModule, as placeholders: a preview never uses them.
  @Module({
    imports: [
      AppContextModule.forRoot({
        config: {},
        logger: createLogger({ service: 'openapi', level: 'silent' }),
      }),
      MessagingModule.forRoot({
        connection: {} as AmqpConnection,
        rpcClient: {} as RpcClient,
        eventPublisher: {} as EventPublisher,
      }),
      AppModule,
    ],
  })
  class PreviewRootModule {}

  const context = await NestFactory.createApplicationContext(PreviewRootModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return openApiRoutesOf(controllersOf(context));
  } finally {
    await context.close();
  }
}
