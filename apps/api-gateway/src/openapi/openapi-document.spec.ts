import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from './openapi-document';
import { type OpenApiRoute } from './openapi-route';
import { OPENAPI_ROUTES } from './routes';

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
});
