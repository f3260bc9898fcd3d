import fc from 'fast-check';
import { forEachBounded } from '../bounded';
import {
  bodyValue,
  hostileJson,
  hostileString,
  parameterValue,
  pathValue,
  type KnownIds,
  type Parameter,
  type Schema,
} from './openapi-arbitraries';

/** Who a request claims to be: no token, a broken one, or a real token of each privilege. */
export type Caller = 'anonymous' | 'garbage' | 'owner' | 'admin' | 'main';

export interface FuzzTarget {
  baseUrl: string;
  /** a valid token per privilege */
  tokens: Record<'owner' | 'admin' | 'main', string>;
  known: KnownIds;
  /**
   * A fresh token of an account kept apart, for routes that end their caller's sessions
   * (POST /auth/logout): the tokens above must last the whole run.
   */
  sessionEndingToken?: () => Promise<string>;
}

/** Routes after which the caller's tokens no longer work. */
const SESSION_ENDING = new Set(['POST /auth/logout']);

export interface FuzzOptions {
  requests: number;
  seed: number;
  concurrency: number;
  /** a request without an answer this long counts as a hang */
  hangMs: number;
  /** how many services have died so far (checked every so often and at the end) */
  crashedServices: () => Promise<number>;
  onProgress?: (done: number) => void;
}

export interface FuzzFinding {
  kind: '5xx' | 'hang';
  request: string;
  status?: number;
  body?: string;
}

export interface FuzzResult {
  requests: number;
  serverErrors: number;
  hangs: number;
  crashedServices: number;
  byStatus: Record<string, number>;
  /** how many requests each operation got */
  byOperation: Record<string, number>;
  findings: FuzzFinding[];
}

interface Operation {
  method: string;
  /** OpenAPI path, `{id}` style */
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

export interface FuzzRequest {
  operation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The result line `npm run fuzz:http` ends with. */
export function resultLine(result: FuzzResult): string {
  return `fuzz ${result.requests} requests: 5xx ${result.serverErrors}, hangs ${result.hangs}, crashed services ${result.crashedServices}`;
}

/** Every operation of the gateway's OpenAPI document (`/docs/json`). */
export function operationsOf(document: {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
}): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const body = (
        operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined
      )?.content?.['application/json']?.schema;
      return {
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        ...(body ? { body } : {}),
      };
    }),
  );
}

const CALLERS: Caller[] = ['anonymous', 'garbage', 'owner', 'admin', 'main'];

/**
 * Requests for one operation: every path parameter from ids (known, fresh, hostile), query
 * and header parameters valid or hostile plus extra ones, a body valid or broken in one place
 * (or hostile JSON, bad JSON, the wrong content type, none), and one of the callers.
 */
export function requestArbitrary(
  operation: Operation,
  target: FuzzTarget,
): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const headerParams = operation.parameters.filter((p) => p.in === 'header');
  const path = fc
    .tuple(...pathParams.map(() => pathValue(target.known)))
    .map((values) =>
      pathParams.reduce(
        (built, parameter, i) => built.replace(`{${parameter.name}}`, encode(values[i] ?? '')),
        operation.path,
      ),
    );
  const query = fc
    .tuple(
      fc.subarray(queryParams),
      fc.array(fc.tuple(hostileString, hostileString), { maxLength: 2 }),
    )
    .chain(([chosen, extra]) =>
      fc.tuple(...chosen.map((p) => parameterValue(p, target.known))).map((values) => {
        const pairs: [string, string][] = chosen.map((p, i) => [p.name, stringOf(values[i])]);
        return [
          ...pairs,
          ...extra.map(([k, v]): [string, string] => [k.slice(0, 200), v.slice(0, 500)]),
        ];
      }),
    );
  const headers = fc
    .tuple(...headerParams.map((p) => fc.option(parameterValue(p, target.known))))
    .map((values) =>
      Object.fromEntries(
        headerParams.flatMap((p, i) =>
          values[i] === null ? [] : [[p.name, headerSafe(stringOf(values[i]))]],
        ),
      ),
    );
  const body: fc.Arbitrary<{ text?: string; contentType?: string }> = operation.body
    ? fc.oneof(
        { arbitrary: bodyValue(operation.body, target.known).map((v) => json(v)), weight: 80 },
        { arbitrary: hostileJson.map((v) => json(v)), weight: 10 },
        {
          arbitrary: fc
            .constantFrom('{"email":', '{,}', '[', 'nul\u0000l', '{"a":1}{"b":2}', '')
            .map((text) => ({ text, contentType: 'application/json' })),
          weight: 10,
        },
        {
          arbitrary: bodyValue(operation.body, target.known).chain((v) =>
            fc
              .constantFrom(
                'text/plain',
                'application/x-www-form-urlencoded',
                'application/xml',
                'multipart/form-data',
              )
              .map((contentType) => ({ text: JSON.stringify(v) ?? 'null', contentType })),
          ),
          weight: 10,
        },
        { arbitrary: fc.constant({}), weight: 10 },
        {
          arbitrary: fc.constant({
            text: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
            contentType: 'application/json',
          }),
          weight: 1,
        },
      )
    : fc.oneof(
        { arbitrary: fc.constant({}), weight: 40 },
        { arbitrary: hostileJson.map((v) => json(v)), weight: 10 },
      );
  return fc
    .record({ path, query, headers, body, caller: fc.constantFrom(...CALLERS) })
    .map(({ path: built, query: pairs, headers: extra, body: payload, caller }) => {
      const search = new URLSearchParams(pairs).toString();
      return {
        operation: `${operation.method} ${operation.path}`,
        method: operation.method,
        path: search ? `${built}?${search}` : built,
        headers: {
          ...extra,
          ...authorization(caller, target),
          ...(payload.contentType ? { 'content-type': payload.contentType } : {}),
        },
        ...(payload.text !== undefined ? { body: payload.text } : {}),
      };
    });
}

function json(value: unknown): { text: string; contentType: string } {
  return { text: JSON.stringify(value) ?? 'null', contentType: 'application/json' };
}

/** encodeURIComponent, with lone surrogates (which it refuses) sent as U+FFFD. */
function encode(value: string): string {
  return encodeURIComponent(
    value.replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    ),
  );
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** fetch refuses header values with control characters or beyond Latin-1: encode those. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value.slice(0, 8_000) : encode(value).slice(0, 8_000);
}

function authorization(caller: Caller, target: FuzzTarget): Record<string, string> {
  switch (caller) {
    case 'anonymous':
      return {};
    case 'garbage':
      return { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' };
    default:
      return { authorization: `Bearer ${target.tokens[caller]}` };
  }
}

/**
 * Sends `options.requests` requests spread evenly over every operation of the document
 * (round robin), `options.concurrency` at a time, and counts 5xx answers, hangs and services
 * that died.
 */
export async function runHttpFuzz(
  target: FuzzTarget,
  document: Parameters<typeof operationsOf>[0],
  options: FuzzOptions,
): Promise<FuzzResult> {
  const operations = operationsOf(document);
  const perOperation = Math.ceil(options.requests / operations.length);
  const samples = operations.map((operation, i) =>
    fc.sample(requestArbitrary(operation, target), {
      numRuns: perOperation,
      seed: options.seed + i,
    }),
  );
  const queue: FuzzRequest[] = [];
  for (let round = 0; round < perOperation && queue.length < options.requests; round += 1) {
    for (const sample of samples) {
      const request = sample[round];
      if (request && queue.length < options.requests) queue.push(request);
    }
  }
  const result: FuzzResult = {
    requests: 0,
    serverErrors: 0,
    hangs: 0,
    crashedServices: 0,
    byStatus: {},
    byOperation: {},
    findings: [],
  };
  await forEachBounded(queue, options.concurrency, async (queued) => {
    const request = await withOwnSession(queued, target);
    await send(target.baseUrl, request, options.hangMs, result);
    if (result.requests % 500 === 0) options.onProgress?.(result.requests);
  });
  result.crashedServices = await options.crashedServices();
  return result;
}

/** A session-ending request with a real caller's token gets a token of its own instead. */
async function withOwnSession(request: FuzzRequest, target: FuzzTarget): Promise<FuzzRequest> {
  if (!target.sessionEndingToken || !SESSION_ENDING.has(request.operation)) return request;
  const callers = Object.values(target.tokens).map((token) => `Bearer ${token}`);
  if (!callers.includes(request.headers['authorization'] ?? '')) return request;
  const token = await target.sessionEndingToken();
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

async function send(
  baseUrl: string,
  request: FuzzRequest,
  hangMs: number,
  result: FuzzResult,
): Promise<void> {
  result.requests += 1;
  result.byOperation[request.operation] = (result.byOperation[request.operation] ?? 0) + 1;
  const described = `${request.method} ${request.path.slice(0, 300)} ${request.headers['authorization'] ? '(token)' : ''} ${(request.body ?? '').slice(0, 300)}`;
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && request.method !== 'GET' ? { body: request.body } : {}),
      signal: AbortSignal.timeout(hangMs),
    });
    const text = await response.text();
    result.byStatus[response.status] = (result.byStatus[response.status] ?? 0) + 1;
    if (response.status >= 500) {
      result.serverErrors += 1;
      result.findings.push({
        kind: '5xx',
        request: described,
        status: response.status,
        body: text.slice(0, 500),
      });
    }
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      result.hangs += 1;
      result.findings.push({ kind: 'hang', request: described });
    } else {
      // The connection failed: a service that died shows up in crashedServices.
      result.byStatus['connection-error'] = (result.byStatus['connection-error'] ?? 0) + 1;
      result.serverErrors += 1;
      result.findings.push({ kind: '5xx', request: described, body: (error as Error).message });
    }
  }
}
