import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildOpenApiDocument } from './openapi-document';
import { OPENAPI_ROUTES } from './routes';

/** Serves the generated document at /docs/json and the Swagger UI at /docs. */
export async function installApiDocs(app: NestFastifyApplication, version: string): Promise<void> {
  const document = buildOpenApiDocument(OPENAPI_ROUTES, version);
  await app.register(fastifySwagger as never, { mode: 'static', specification: { document } });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
}
