import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { gatewayOpenApiDocument } from './gateway-document';

/**
 * Serves the document built from the application's own routes at /docs/json and the Swagger UI
 * at /docs (docs/openapi.json is the same document, committed).
 */
export async function installApiDocs(app: NestFastifyApplication): Promise<void> {
  const document = gatewayOpenApiDocument(app);
  await app.register(fastifySwagger as never, { mode: 'static', specification: { document } });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
}
