import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { previewGatewayRoutes } from './gateway-document';
import { buildOpenApiDocument } from './openapi-document';
import { type OpenApiRoute } from './openapi-route';

let OPENAPI_ROUTES: OpenApiRoute[];
beforeAll(async () => {
  OPENAPI_ROUTES = await previewGatewayRoutes();
});

const accountRoute: OpenApiRoute = {
  method: 'get',
  path: '/accounts/:id/sessions/:sessionId',
  summary: 'A session of an account',
  tags: ['accounts'],
  auth: true,
  params: z.object({ id: z.uuid(), sessionId: z.string() }),
  responses: { 200: { description: 'the session', schema: z.object({ id: z.string() }) } },
};

describe('buildOpenApiDocument', () => {
  it('documents /health as public and /metrics as bearer-protected', () => {
    const document = buildOpenApiDocument(OPENAPI_ROUTES, '1');

    expect(document.info.version).toBe('1');
    expect(document.paths['/health']?.['get']).toMatchObject({ security: [] });
    expect(document.paths['/metrics']?.['get']).toMatchObject({ security: [{ bearer: [] }] });
  });

  it('documents login as public and the account routes as bearer-protected, with their headers', () => {
    const document = buildOpenApiDocument(OPENAPI_ROUTES, '1');

    expect(document.paths['/auth/login']?.['post']).toMatchObject({ security: [] });
    expect(document.paths['/accounts/{id}']?.['patch']).toMatchObject({
      security: [{ bearer: [] }],
      parameters: [{ name: 'id', in: 'path', required: true }],
    });
    expect(document.paths['/accounts']?.['post']).toMatchObject({
      parameters: [{ name: 'idempotency-key', in: 'header', required: false }],
      requestBody: { required: true },
    });
  });

  it('converts Fastify path params to {name} and documents them as required', () => {
    const document = buildOpenApiDocument([accountRoute], '1');

    expect(Object.keys(document.paths)).toEqual(['/accounts/{id}/sessions/{sessionId}']);
    const operation = document.paths['/accounts/{id}/sessions/{sessionId}']?.['get'];
    expect(operation).toMatchObject({
      security: [{ bearer: [] }],
      parameters: [
        { name: 'id', in: 'path', required: true },
        { name: 'sessionId', in: 'path', required: true },
      ],
    });
  });

  it('groups several methods under one path', () => {
    const document = buildOpenApiDocument(
      [accountRoute, { ...accountRoute, method: 'delete', auth: false }],
      '1',
    );

    expect(Object.keys(document.paths['/accounts/{id}/sessions/{sessionId}'] ?? {})).toEqual([
      'get',
      'delete',
    ]);
  });

  it('documents the privileges a route names, as x-privileges', () => {
    const document = buildOpenApiDocument(OPENAPI_ROUTES, '1');

    expect(document.paths['/accounts']?.['post']).toMatchObject({
      'x-privileges': ['admin', 'main'],
    });
    expect(document.paths['/auth/me']?.['get']).not.toHaveProperty('x-privileges');
  });

  it('makes shared shapes $ref components, and every $ref resolves', () => {
    const document = buildOpenApiDocument(OPENAPI_ROUTES, '1');
    const schemas = document.components.schemas;

    expect(document.paths['/accounts/{id}']?.['get']).toMatchObject({
      responses: {
        200: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Account' } } },
        },
      },
    });
    expect(schemas['Account']).toMatchObject({ type: 'object', properties: { email: {} } });
    const refs = JSON.stringify(document).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    const dangling = refs.map((ref) => ref.slice(22, -1)).filter((name) => !(name in schemas));
    expect(dangling).toEqual([]);
    expect(Object.keys(schemas)).toEqual([...Object.keys(schemas)].sort());
  });

  it('names a shape that reads differently in requests and responses twice, inlines unnamed ones', () => {
    const Counter = z.object({ count: z.number().default(1) });
    const route: OpenApiRoute = {
      ...accountRoute,
      method: 'post',
      params: undefined,
      body: Counter,
      responses: { 200: { description: 'ok', schema: z.object({ counter: Counter }) } },
    };
    const document = buildOpenApiDocument([route], '1', { Counter });
    const operation = document.paths['/accounts/{id}/sessions/{sessionId}']?.['post'];

    expect(operation).toMatchObject({
      requestBody: {
        content: { 'application/json': { schema: { $ref: '#/components/schemas/CounterInput' } } },
      },
      responses: {
        200: {
          content: {
            'application/json': {
              schema: { properties: { counter: { $ref: '#/components/schemas/Counter' } } },
            },
          },
        },
      },
    });
    expect(document.components.schemas['Counter']).toMatchObject({ required: ['count'] });
    expect(document.components.schemas['CounterInput']).not.toHaveProperty('required');
  });
});
