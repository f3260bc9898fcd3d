import type { FetchLike } from '../src/config.js';

export interface RecordedRequest {
  method: string;
  url: URL;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (request: RecordedRequest, signal: AbortSignal) => Response | Promise<Response>;

/** A fetch for unit tests: records every request and answers through `handler`. */
export function fakeFetch(handler: Handler): FetchLike & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string, init: RequestInit) => {
    const url = new URL(input);
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    );
    const body =
      typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : (init.body ?? undefined);
    const request = { method: init.method ?? 'GET', url, path: url.pathname, headers, body };
    requests.push(request);
    if (init.signal?.aborted) throw init.signal.reason;
    return handler(request, init.signal ?? new AbortController().signal);
  };
  return Object.assign(fetch, { requests });
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function gatewayError(status: number, message: string, extra: Record<string, unknown> = {}) {
  return json(status, { statusCode: status, message, operationId: 'op-1', ...extra });
}

/** A response that never comes: rejects when the request is aborted. */
export function never(signal: AbortSignal): Promise<Response> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/** Records the delays asked for and returns at once. */
export function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number, signal: AbortSignal) => {
    if (signal.aborted) throw signal.reason;
    delays.push(ms);
  };
  return Object.assign(sleep, { delays });
}

export function doctor(id: string) {
  return {
    id,
    accountId: `acc-${id}`,
    fullName: `Dr ${id}`,
    email: `${id}@example.com`,
    dob: null,
    phone: null,
    specialty: 'Cardiology',
    licenseNumber: `LIC-${id}`,
    bio: null,
    hospitalIds: [],
    isActive: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** An unsigned JWT whose payload has this `exp` (seconds). */
export function jwtWithExp(exp: number, sub = 'user'): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp })}.sig`;
}

/** A product body the product contracts accept. */
export const PRODUCT = {
  productCode: 'ABC-1',
  productName: 'A product',
  productCategory: 1,
  productStatus: 1,
  productGlCode: 1,
  generalPrice: 10,
  productYear: '2026',
};

/** A GET /events answer the test writes to: `event(...)` sends one event, `end()` closes it. */
export function sseStream() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  controller.enqueue(encoder.encode('retry: 1000\n\n'));
  return {
    response: new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    }),
    event(type: string, subject: { kind: string; id: string }, data: Record<string, unknown>) {
      sent += 1;
      const payload = { type, occurredAt: new Date().toISOString(), subject, data };
      controller.enqueue(
        encoder.encode(`id: ${sent}-0\nevent: ${type}\ndata: ${JSON.stringify(payload)}\n\n`),
      );
    },
    end: () => controller.close(),
  };
}

/** A sleep on real timers that ends early, rejecting, when its signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

/** registerEducation's input in unit tests. */
export const EDUCATION_INPUT = {
  userBusinessId: 'u1',
  accountId: 'a1',
  educationData: {
    graduationYear: 2020,
    university: 'uni-1',
    country: 'CA',
    degreeType: 'bachelors' as const,
  },
};

/** The progress steps of a registration that runs to its end. */
export const REGISTRATION_STEPS = 'stage validate category link-account create complete done'.split(
  ' ',
);
