import { z } from 'zod';
import type { OpenApiRoute } from './openapi-route';
import { SchemaComponents, type JsonSchema } from './schema-components';
import { CONTRACT_SCHEMAS } from './shared-schemas';

const ErrorBody = z.object({
  statusCode: z.number().int(),
  message: z.string(),
  errors: z.array(z.string()).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  operationId: z.string(),
});

/**
 * Builds the OpenAPI 3.0 document from the routes; nothing is written by hand. Every schema in
 * `shared` (by default every named zod schema of libs/contracts) becomes a `$ref` component
 * wherever a route's shapes use it, so generators name their types after the contracts.
 */
export function buildOpenApiDocument(
  routes: readonly OpenApiRoute[],
  version: string,
  shared: Readonly<Record<string, z.ZodType>> = CONTRACT_SCHEMAS,
) {
  const components = new SchemaComponents({ ...shared, ErrorBody });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = operationFor(route, components);
  }
  return components.complete({
    openapi: '3.0.3',
    info: {
      title: 'MedicaLink API',
      version,
      description:
        'HTTP surface of MedicaLink. Every error has the body `ErrorBody`; every response carries `x-correlation-id`. `x-privileges` names the privileges a route admits when it does not admit every token.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  });
}

function operationFor(route: OpenApiRoute, components: SchemaComponents) {
  const parameters = [
    ...parametersOf(route.params, 'path', components),
    ...parametersOf(route.query, 'query', components),
    ...parametersOf(route.headers, 'header', components),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema
        ? {
            content: {
              [response.contentType ?? 'application/json']: {
                schema: components.use(response.schema, 'output'),
              },
            },
          }
        : {}),
    };
  }
  responses['default'] = {
    description: 'Error',
    content: { 'application/json': { schema: components.use(ErrorBody, 'output') } },
  };
  return {
    summary: route.summary,
    tags: route.tags,
    operationId: `${route.method}${route.path.replace(/[/:](\w)/g, (_, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
    ...(route.auth ? { security: [{ bearer: [] }] } : { security: [] }),
    ...(route.privileges ? { 'x-privileges': [...route.privileges] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: route.bodyOptional !== true,
            content: {
              [route.bodyContentType ?? 'application/json']: {
                schema: components.use(route.body, 'input'),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

function parametersOf(
  schema: z.ZodObject | undefined,
  location: 'path' | 'query' | 'header',
  components: SchemaComponents,
) {
  if (!schema) return [];
  const json = components.inline(schema, 'input') as JsonSchema & {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
