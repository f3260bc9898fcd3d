import fc from 'fast-check';
import { forEachBounded } from '../bounded';
import {
  operationName,
  operationsOf,
  requestArbitrary,
  wellFormedArbitrary,
  type FuzzRequest,
  type FuzzTarget,
} from './fuzz-requests';

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

/** What one operation got: requests sent, and how many of them reached its handler. */
export interface OperationCount {
  sent: number;
  reached: number;
  /** answers by status, to tell why a route was not reached */
  statuses: Record<string, number>;
}

export interface FuzzResult {
  requests: number;
  serverErrors: number;
  hangs: number;
  crashedServices: number;
  byStatus: Record<string, number>;
  /** per operation (`GET /doctors/{id}`), every operation of the document */
  byOperation: Record<string, OperationCount>;
  findings: FuzzFinding[];
}

/** The result line `npm run fuzz:http` ends with. */
export function resultLine(result: FuzzResult): string {
  return `fuzz ${result.requests} requests: 5xx ${result.serverErrors}, hangs ${result.hangs}, crashed services ${result.crashedServices}`;
}

/** Operations whose handler fewer than `minimum` requests reached, with their counts. */
export function unreachedOperations(
  result: FuzzResult,
  minimum: number,
): [string, OperationCount][] {
  return Object.entries(result.byOperation).filter(([, count]) => count.reached < minimum);
}

/** One line per operation: `  reached/sent  METHOD /path`, the least reached first. */
export function operationTable(result: FuzzResult): string {
  return Object.entries(result.byOperation)
    .sort(([, a], [, b]) => a.reached - b.reached)
    .map(([name, { sent, reached }]) => `${`${reached}/${sent}`.padStart(11)}  ${name}`)
    .join('\n');
}

/**
 * Whether an answer came from the route's handler past its lookups: a success, a refusal a
 * service gave on the merits (its error code in `details.code`: a conflict, a rule, a wrong
 * state), or the handler's own failure reply (`success: false`, a product commit's), other
 * than "not found". Refusals of the guard (401, 403), of validation (400 naming fields), of
 * size or type (413, 415) and 404s are not.
 */
export function reachedHandler(status: number, body: unknown): boolean {
  if (status >= 200 && status < 300) return true;
  if (status === 404 || status >= 500) return false;
  const reply = body as { details?: { code?: unknown }; success?: unknown } | null;
  return typeof reply?.details?.code === 'string' || reply?.success === false;
}

/**
 * Sends `options.requests` requests spread evenly over every operation of the document
 * (round robin), `options.concurrency` at a time, and counts 5xx answers, hangs, services
 * that died, and per operation the requests that reached its handler.
 */
export async function runHttpFuzz(
  target: FuzzTarget,
  document: Parameters<typeof operationsOf>[0],
  options: FuzzOptions,
): Promise<FuzzResult> {
  const operations = operationsOf(document);
  const perOperation = Math.ceil(options.requests / operations.length);
  // Each operation's first request is one meant to pass (with a known-good body where there is
  // one): left to chance, a dozen requests to a route can all be refused before its handler.
  const samples = operations.map((operation, i) => [
    ...fc.sample(wellFormedArbitrary(operation, target, true), {
      numRuns: 1,
      seed: options.seed + i,
    }),
    ...fc.sample(requestArbitrary(operation, target), {
      numRuns: perOperation - 1,
      seed: options.seed + i,
    }),
  ]);
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
    byOperation: Object.fromEntries(
      operations.map((operation) => [
        operationName(operation),
        { sent: 0, reached: 0, statuses: {} },
      ]),
    ),
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
  const count = (result.byOperation[request.operation] ??= { sent: 0, reached: 0, statuses: {} });
  count.sent += 1;
  const described = describe(request);
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && request.method !== 'GET'
        ? { body: typeof request.body === 'string' ? request.body : formData(request.body) }
        : {}),
      signal: AbortSignal.timeout(hangMs),
    });
    const text = await bodyText(response);
    result.byStatus[response.status] = (result.byStatus[response.status] ?? 0) + 1;
    count.statuses[response.status] = (count.statuses[response.status] ?? 0) + 1;
    if (reachedHandler(response.status, parseJson(text))) count.reached += 1;
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

/** The body, but not a stream's (GET /events never ends): its status is what is judged. */
async function bodyText(response: Response): Promise<string> {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    return response.text();
  }
  await response.body?.cancel();
  return '';
}

function formData(body: Exclude<FuzzRequest['body'], string | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of body.fields) form.append(name, value);
  if (body.file) form.append(body.file.field, new Blob([body.file.content]), body.file.name);
  return form;
}

function describe(request: FuzzRequest): string {
  const token = request.headers['authorization'] ? '(token)' : '';
  const body =
    typeof request.body === 'object'
      ? `multipart ${JSON.stringify(request.body.fields).slice(0, 200)} file ${request.body.file?.name ?? 'none'} (${request.body.file?.content.length ?? 0} bytes)`
      : (request.body ?? '').slice(0, 300);
  return `${request.method} ${request.path.slice(0, 300)} ${token} ${body}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
