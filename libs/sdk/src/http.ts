import { backoffDelay, isRetryableStatus, parseRetryAfter } from './backoff.js';
import { AbortReason, type ResolvedConfig } from './config.js';
import { failure, type Failure } from './operation-result.js';
import type { GatewayErrorBody } from './types.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null;

export interface RequestSpec {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  /** sent as JSON */
  body?: unknown;
  /** sent as multipart/form-data instead of `body` */
  form?: FormData;
  /** send the bearer token (default true) */
  auth?: boolean;
  /** makes a POST safe to retry: the same key on every attempt of one logical operation */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  /** the reply is text, not JSON (GET /metrics) */
  text?: boolean;
  /** never retried (a health check is a sample: the next one is the retry) */
  noRetry?: boolean;
  /** error statuses whose body is the answer (GET /health is 503 with its report when unhealthy) */
  answerStatuses?: readonly number[];
}

export type HttpResult<T> = { success: true; status: number; data: T } | Failure;

/** What one request of an operation knows about the operation it belongs to. */
export interface RequestContext {
  signal: AbortSignal;
  /** epoch ms after which the operation is over */
  deadline: number;
  operationId: string;
}

/** The token side of requests: supplied by the client's auth session. */
export interface TokenSource {
  /** the token to send, logging in first if need be; a Failure when that login fails */
  current(ctx: RequestContext): Promise<string | undefined | Failure>;
  /** logs in again after a 401 on `rejected` if that token expired and credentials allow it */
  renew(rejected: string, body: unknown, ctx: RequestContext): Promise<'renewed' | 'no' | Failure>;
}

type Attempt =
  | { kind: 'response'; status: number; body: unknown; headers: Headers }
  | { kind: 'network'; error: unknown }
  | { kind: 'aborted'; reason: AbortReason };

/**
 * Sends one logical request: retries it where that is safe (GETs; POSTs carrying an
 * Idempotency-Key) on network errors, 408, 429 and 5xx, never on other 4xx, waiting an
 * exponential, jittered delay or the server's Retry-After; renews an expired token once.
 */
export class HttpTransport {
  constructor(
    private readonly config: ResolvedConfig,
    private readonly tokens: TokenSource,
  ) {}

  async send<T>(spec: RequestSpec, ctx: RequestContext): Promise<HttpResult<T>> {
    const retryable =
      spec.noRetry !== true &&
      (spec.method === 'GET' || (spec.method === 'POST' && spec.idempotencyKey !== undefined));
    let renewed = false;
    let retries = 0;
    for (;;) {
      let token: string | undefined;
      if (spec.auth !== false) {
        const current = await this.tokens.current(ctx);
        if (typeof current === 'object') return current;
        token = current;
      }
      const attempt = await this.attempt(spec, token, ctx);
      if (attempt.kind === 'aborted') return abortFailure(attempt.reason);
      if (
        attempt.kind === 'response' &&
        (attempt.status < 400 || spec.answerStatuses?.includes(attempt.status))
      ) {
        return { success: true, status: attempt.status, data: attempt.body as T };
      }
      if (attempt.kind === 'response' && attempt.status === 401 && token && !renewed) {
        const renewal = await this.tokens.renew(token, attempt.body, ctx);
        if (typeof renewal === 'object') return renewal;
        if (renewal === 'renewed') {
          renewed = true;
          continue; // the same request once more with the new token; not counted as a retry
        }
      }
      const outcome = attempt.kind === 'response' ? httpFailure(attempt) : networkFailure(attempt);
      const worthRetrying =
        attempt.kind === 'network' || isRetryableStatus((attempt as { status: number }).status);
      if (!retryable || !worthRetrying || retries >= this.config.retryAttempts) return outcome;
      retries += 1;
      const retryAfter =
        attempt.kind === 'response'
          ? parseRetryAfter(attempt.headers.get('retry-after'), Date.now())
          : undefined;
      const delay =
        retryAfter ??
        backoffDelay(
          retries,
          this.config.retryDelay,
          this.config.maxRetryDelay,
          this.config.random,
        );
      // A wait past the operation's deadline would only end in a timeout: report the real cause.
      if (Date.now() + delay >= ctx.deadline) return outcome;
      this.config.logger?.warn('medicalink: retrying request', {
        operationId: ctx.operationId,
        method: spec.method,
        path: spec.path,
        retry: retries,
        delayMs: delay,
        cause: outcome.error,
      });
      try {
        await this.config.sleep(delay, ctx.signal);
      } catch {
        return abortFailure(reasonOf(ctx.signal));
      }
    }
  }

  private async attempt(
    spec: RequestSpec,
    token: string | undefined,
    ctx: RequestContext,
  ): Promise<Attempt> {
    if (ctx.signal.aborted) return { kind: 'aborted', reason: reasonOf(ctx.signal) };
    const headers: Record<string, string> = {
      accept: spec.text ? 'text/plain' : 'application/json',
      'x-correlation-id': ctx.operationId,
      ...this.config.headers,
      ...spec.headers,
    };
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
    let body: RequestInit['body'];
    if (spec.form) body = spec.form;
    else if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }
    try {
      const response = await this.config.fetch(this.url(spec), {
        method: spec.method,
        headers,
        body,
        signal: ctx.signal,
      });
      return {
        kind: 'response',
        status: response.status,
        body: await readBody(response, spec.text === true),
        headers: response.headers,
      };
    } catch (error) {
      if (ctx.signal.aborted) return { kind: 'aborted', reason: reasonOf(ctx.signal) };
      return { kind: 'network', error };
    }
  }

  private url(spec: RequestSpec): string {
    const query = Object.entries(spec.query ?? {}).filter(
      (entry): entry is [string, string | number | boolean] =>
        entry[1] !== undefined && entry[1] !== null,
    );
    const search = new URLSearchParams(
      query.map(([key, value]): [string, string] => [key, String(value)]),
    );
    const suffix = query.length > 0 ? `?${search.toString()}` : '';
    return `${this.config.baseUrl}${spec.path}${suffix}`;
  }
}

async function readBody(response: Response, asText: boolean): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (asText || text === '') return text === '' ? undefined : text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function reasonOf(signal: AbortSignal): AbortReason {
  const reason: unknown = signal.reason;
  return reason instanceof AbortReason
    ? reason
    : new AbortReason('ABORTED', 'The operation was aborted');
}

export function abortFailure(reason: AbortReason): Failure {
  return failure(reason.code, reason.message);
}

function networkFailure(attempt: { error: unknown }): Failure {
  const message = attempt.error instanceof Error ? attempt.error.message : String(attempt.error);
  const cause = (attempt.error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return failure('NETWORK_ERROR', `Network error: ${message}${detail}`);
}

/**
 * The gateway's error body as a failure: its message, `errors`, `details` and `operationId`,
 * and `retryAfterMs` when the reply said how long to wait (Retry-After on a 429 or 503).
 */
export function httpFailure(attempt: {
  status: number;
  body: unknown;
  headers?: Headers;
}): Failure {
  const body = isErrorBody(attempt.body) ? attempt.body : undefined;
  const message = body?.message ?? `HTTP ${attempt.status}`;
  const errors = body?.errors;
  const error = errors && errors.length > 0 ? `${message}: ${errors.join('; ')}` : message;
  const details: Record<string, unknown> = { ...body?.details };
  if (errors) details['errors'] = errors;
  if (body?.operationId) details['operationId'] = body.operationId;
  if (!body && typeof attempt.body === 'string' && attempt.body) details['body'] = attempt.body;
  const retryAfterMs = parseRetryAfter(attempt.headers?.get('retry-after') ?? null, Date.now());
  if (retryAfterMs !== undefined) details['retryAfterMs'] = retryAfterMs;
  return failure('HTTP_ERROR', error, {
    status: attempt.status,
    details,
    serviceErrors: serviceErrorsOf(message, body?.details),
  });
}

/**
 * Per service what failed: the gateway's own message, and for a saga the failed step, so a
 * caller can tell "the accounts step refused" from "the gateway refused".
 */
function serviceErrorsOf(
  message: string,
  details: Record<string, unknown> | undefined,
): Record<string, string> {
  const errors: Record<string, string> = { gateway: message };
  const saga = details?.['saga'] as { step?: unknown; state?: unknown } | undefined;
  if (typeof saga?.step === 'string') {
    errors[`saga.${saga.step}`] =
      `${message}${typeof saga.state === 'string' ? ` (saga ${saga.state})` : ''}`;
  }
  const service = details?.['service'];
  if (typeof service === 'string') errors[service] = message;
  return errors;
}

function isErrorBody(body: unknown): body is GatewayErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { message?: unknown }).message === 'string'
  );
}
