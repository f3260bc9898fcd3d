import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  operationsOf,
  wellFormedArbitrary,
  type FuzzTarget,
  type Operation,
} from './fuzz-requests';
import { reachedHandler, unreachedOperations, type FuzzResult } from './http-fuzzer';
import { idKindOfPathParameter, type Schema } from './openapi-arbitraries';

const target: FuzzTarget = {
  baseUrl: 'http://127.0.0.1:1',
  tokens: { owner: 'o', admin: 'a', main: 'm' },
  known: {
    productSessions: ['11111111-1111-4111-8111-111111111111'],
    products: ['22222222-2222-4222-8222-222222222222'],
    hospitals: ['33333333-3333-4333-8333-333333333333'],
  },
  examples: {},
  uploads: { valid: [{ name: 'a.csv', content: Buffer.from('date') }], hostile: [] },
};

describe('reachedHandler', () => {
  it('counts successes and a service refusal on the merits', () => {
    expect(reachedHandler(200, {})).toBe(true);
    expect(reachedHandler(409, { details: { code: 'PRODUCT_CODE_TAKEN' } })).toBe(true);
    expect(reachedHandler(409, { success: false, errors: ['code taken'] })).toBe(true);
  });

  it('does not count guards, validation, not found or server errors', () => {
    expect(reachedHandler(401, { message: 'Missing bearer token' })).toBe(false);
    expect(reachedHandler(400, { errors: ['email: Invalid email'] })).toBe(false);
    expect(reachedHandler(404, { details: { code: 'SESSION_NOT_FOUND' } })).toBe(false);
    expect(reachedHandler(500, { details: { code: 'INTERNAL' } })).toBe(false);
  });
});

describe('well-formed requests', () => {
  it('name ids of the kind each path names', () => {
    expect(idKindOfPathParameter('/private/products/orchestrate/session/{id}/commit', 'id')).toBe(
      'productSessions',
    );
    expect(idKindOfPathParameter('/private/products/{id}/target', 'id')).toBe('products');

    const operation: Operation = {
      method: 'POST',
      path: '/private/products/orchestrate/session/{id}/commit',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      multipart: false,
    };
    for (const request of fc.sample(wellFormedArbitrary(operation, target), 20)) {
      expect(request.path).toBe(
        `/private/products/orchestrate/session/${target.known.productSessions![0]}/commit`,
      );
      expect(request.headers['authorization']).toBe('Bearer m');
    }
  });

  it('upload a valid spreadsheet for a known hospital', () => {
    const operation: Operation = {
      method: 'POST',
      path: '/schedules/imports',
      parameters: [],
      multipart: true,
    };
    for (const request of fc.sample(wellFormedArbitrary(operation, target), 10)) {
      expect(request.body).toEqual({
        fields: [['hospitalId', target.known.hospitals![0]]],
        file: { field: 'file', name: 'a.csv', content: Buffer.from('date') },
      });
    }
  });
});

describe('unreachedOperations', () => {
  it('names the routes reached fewer times than the minimum', () => {
    const result = {
      byOperation: {
        'GET /a': { sent: 200, reached: 50, statuses: {} },
        'GET /b': { sent: 200, reached: 49, statuses: { 404: 151 } },
      },
    } as unknown as FuzzResult;

    expect(unreachedOperations(result, 50).map(([name]) => name)).toEqual(['GET /b']);
  });
});

describe('operationsOf', () => {
  it('replaces $refs to components, nullable ones too, by the schemas they name', () => {
    const [operation] = operationsOf({
      paths: {
        '/notes/{id}': {
          post: {
            parameters: [
              {
                name: 'id',
                in: 'path',
                required: true,
                // as the document has it: a $ref, which the arbitraries never see
                schema: { $ref: '#/components/schemas/Uuid' } as Schema,
              },
            ],
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } },
            },
          },
        },
      },
      components: {
        schemas: {
          Uuid: { type: 'string', format: 'uuid' },
          Note: {
            type: 'object',
            properties: { by: { nullable: true, allOf: [{ $ref: '#/components/schemas/Uuid' }] } },
          },
        },
      },
    });

    expect(operation?.parameters[0]?.schema).toEqual({ type: 'string', format: 'uuid' });
    expect(operation?.body).toEqual({
      type: 'object',
      properties: { by: { type: 'string', format: 'uuid', nullable: true } },
    });
  });
});
