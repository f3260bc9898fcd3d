import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../test/fake-fetch.js';
import {
  CALLS,
  document,
  operationFor,
  requestsOf,
  resolved,
  SIGN_IN_CALLS,
  type OperationObject,
} from '../test/openapi-document.js';
import { createMedicaLinkClient } from './client.js';

/**
 * The SDK against docs/openapi.json, the document the gateway builds from its own routes (a
 * gateway test fails while the file is stale): every request each client method sends must be
 * an operation of the document, with a token exactly where the document asks for one, only
 * query parameters it documents and a body its request schema accepts.
 */
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

/** OpenAPI 3.0's `nullable` and boolean exclusiveMinimum/Maximum, as the JSON Schema Ajv reads. */
function asDraft7(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asDraft7);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, asDraft7(value)]),
  );
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (copy[flag] === true) {
      copy[flag] = copy[bound];
      delete copy[bound];
    } else if (copy[flag] === false) delete copy[flag];
  }
  if (copy['nullable'] !== true) return copy;
  const { nullable: _nullable, ...value } = copy;
  return { anyOf: [value, { type: 'null' }] };
}

function bodyProblems(request: RecordedRequest, operation: OperationObject): string[] {
  const content = operation.requestBody?.content ?? {};
  if (request.body === undefined) return [];
  if (request.body instanceof FormData) {
    const form = resolved(content['multipart/form-data']?.schema);
    if (!form) return ['sends multipart/form-data the route does not take'];
    const fields = Object.keys(form['properties'] ?? {});
    return [...new Set<string>(request.body.keys())]
      .filter((field) => !fields.includes(field))
      .map((field) => `form field ${field} is not documented`);
  }
  const schema = content['application/json']?.schema;
  if (!schema) return ['sends a JSON body the route does not take'];
  const validate = ajv.compile(asDraft7({ ...schema, components: document.components }) as object);
  return validate(request.body)
    ? []
    : (validate.errors ?? []).map((error) => `body${error.instancePath} ${error.message}`);
}

function problemsOf(request: RecordedRequest): string[] {
  const found = operationFor(request);
  if (!found) return [`${request.method} ${request.path} is not in the document`];
  const { route, operation } = found;
  const documentedQuery = (operation.parameters ?? [])
    .filter((parameter) => parameter.in === 'query')
    .map((parameter) => parameter.name);
  const sendsToken = 'authorization' in request.headers;
  const wantsToken = operation.security.length > 0;
  return [
    ...(sendsToken === wantsToken
      ? []
      : [wantsToken ? 'sends no token to a token route' : 'sends a token to a public route']),
    ...[...request.url.searchParams.keys()]
      .filter((name) => !documentedQuery.includes(name))
      .map((name) => `query parameter ${name} is not documented`),
    ...bodyProblems(request, operation),
  ].map((problem) => `${route}: ${problem}`);
}

describe('the SDK against docs/openapi.json', () => {
  it('calls every route method of the client here', () => {
    // the route methods are the client's function properties (but its private `call`)
    const client = createMedicaLinkClient({ baseUrl: 'http://gateway.test' });
    const routeMethods = Object.entries(client)
      .filter(([name, value]) => typeof value === 'function' && name !== 'call')
      .map(([name]) => name);
    client.dispose();

    expect(routeMethods.filter((name) => !(name in CALLS))).toEqual([]);
  });

  it.each(Object.entries(CALLS))(
    '%s sends documented requests: path, token, query and body',
    async (_name, call) => {
      const requests = await requestsOf(call);

      expect(requests.length).toBeGreaterThan(0);
      expect(requests.flatMap(problemsOf)).toEqual([]);
    },
  );

  it.each(Object.entries(SIGN_IN_CALLS))('%s sends a documented request', async (_name, send) => {
    const requests = await send();

    expect(requests.length).toBeGreaterThan(0);
    expect(requests.flatMap(problemsOf)).toEqual([]);
  });

  it('finds what it should refuse: an undocumented route, a token on a public route, a bad body', () => {
    const request = (method: string, url: string, headers = {}, body?: unknown) => ({
      method,
      url: new URL(url),
      path: new URL(url).pathname,
      headers,
      body,
    });

    expect(problemsOf(request('GET', 'http://g/nowhere'))).toEqual([
      'GET /nowhere is not in the document',
    ]);
    expect(problemsOf(request('GET', 'http://g/health', { authorization: 'Bearer t' }))).toEqual([
      'GET /health: sends a token to a public route',
    ]);
    expect(
      problemsOf(request('POST', 'http://g/hospitals?x=1', { authorization: 'Bearer t' }, {})),
    ).toEqual([
      'POST /hospitals: query parameter x is not documented',
      "POST /hospitals: body must have required property 'name'",
    ]);
  });
});
