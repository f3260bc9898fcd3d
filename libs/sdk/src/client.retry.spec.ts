import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { createMedicaLinkClient } from './client.js';
import { fakeFetch, gatewayError, json, never, recordingSleep } from '../test/fake-fetch.js';

const TOKEN = 'static-token';

function clientWith(fetch: ReturnType<typeof fakeFetch>, extra: Record<string, unknown> = {}) {
  const sleep = recordingSleep();
  const client = createMedicaLinkClient({
    baseUrl: 'http://gateway.test',
    token: TOKEN,
    fetch,
    sleep,
    random: () => 0.5,
    ...extra,
  });
  return { client, sleep };
}

describe('retries and backoff', () => {
  it('retries a GET on 503 with exponential, jittered delays, then succeeds', async () => {
    let calls = 0;
    const fetch = fakeFetch(() =>
      ++calls <= 3 ? gatewayError(503, 'accounts unavailable') : json(200, { id: 'a1' }),
    );
    const { client, sleep } = clientWith(fetch);

    const result = await client.getAccount('a1');

    expect(result.success).toBe(true);
    expect(fetch.requests).toHaveLength(4);
    // retryDelay 1000: 1000, 2000, 4000, each half fixed and half jitter (random 0.5 -> 3/4)
    expect(sleep.delays).toEqual([750, 1_500, 3_000]);
  });

  it('gives up after retryAttempts retries and returns the last error', async () => {
    const fetch = fakeFetch(() => gatewayError(503, 'still down'));
    const { client, sleep } = clientWith(fetch, { retryAttempts: 2 });

    const result = await client.getAccount('a1');

    expect(result).toMatchObject({ success: false, status: 503, error: 'still down' });
    expect(fetch.requests).toHaveLength(3);
    expect(sleep.delays).toHaveLength(2);
  });

  it('keeps every delay within [d/2, d] for d = base * 2^n, capped by maxRetryDelay', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, 1_000, 30_000, () => 0))).toEqual([
      500, 1_000, 2_000,
    ]);
    expect([1, 2, 3].map((n) => backoffDelay(n, 1_000, 30_000, () => 1))).toEqual([
      1_000, 2_000, 4_000,
    ]);
    expect(backoffDelay(10, 1_000, 5_000, () => 1)).toBe(5_000);
  });

  it('retries network errors of a GET', async () => {
    let calls = 0;
    const fetch = fakeFetch(() => {
      if (++calls === 1) throw new TypeError('fetch failed');
      return json(200, { id: 'a1' });
    });
    const { client } = clientWith(fetch);
    expect((await client.getAccount('a1')).success).toBe(true);
    expect(fetch.requests).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 422])('never retries a %i', async (status) => {
    const fetch = fakeFetch(() => gatewayError(status, 'refused'));
    const { client, sleep } = clientWith(fetch);

    const result = await client.getAccount('a1');

    expect(result).toMatchObject({ success: false, status, code: 'HTTP_ERROR' });
    expect(fetch.requests).toHaveLength(1);
    expect(sleep.delays).toEqual([]);
  });

  it('retries 408 and 429', async () => {
    for (const status of [408, 429]) {
      let calls = 0;
      const fetch = fakeFetch(() =>
        ++calls === 1 ? gatewayError(status, 'again') : json(200, {}),
      );
      const { client } = clientWith(fetch);
      expect((await client.getAccount('a1')).success).toBe(true);
      expect(fetch.requests).toHaveLength(2);
    }
  });

  it('retries a POST only with an Idempotency-Key, the same one on every attempt', async () => {
    let calls = 0;
    const fetch = fakeFetch(() =>
      ++calls <= 2
        ? gatewayError(503, 'busy')
        : json(201, { sagaId: 's', accountId: 'a', doctorId: 'd' }),
    );
    const { client } = clientWith(fetch);

    const result = await client.createDoctor({
      email: 'd@example.com',
      password: 'a long password',
      fullName: 'Dr D',
      specialty: 'Cardiology',
      licenseNumber: 'LIC-1',
    });

    expect(result.success).toBe(true);
    const keys = fetch.requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not retry a POST without an Idempotency-Key, nor a PATCH', async () => {
    const fetch = fakeFetch(() => gatewayError(503, 'busy'));
    const { client } = clientWith(fetch);
    await client.commitSession('s1');
    await client.updateDoctor('d1', { bio: 'x' });
    expect(fetch.requests.map((request) => request.method)).toEqual(['POST', 'PATCH']);
  });

  it('does not retry a 409 of an idempotent POST', async () => {
    const fetch = fakeFetch(() =>
      gatewayError(409, 'A doctor with this license number already exists', {
        details: { saga: { sagaId: 's1', step: 'createProfile', state: 'compensated' } },
      }),
    );
    const { client } = clientWith(fetch);

    const result = await client.createDoctor({
      email: 'd@example.com',
      password: 'a long password',
      fullName: 'Dr D',
      specialty: 'Cardiology',
      licenseNumber: 'LIC-1',
    });

    expect(fetch.requests).toHaveLength(1);
    expect(result).toMatchObject({
      success: false,
      status: 409,
      details: { saga: { step: 'createProfile', state: 'compensated' }, operationId: 'op-1' },
      serviceErrors: {
        gateway: 'A doctor with this license number already exists',
        'saga.createProfile': 'A doctor with this license number already exists (saga compensated)',
      },
    });
  });
});

describe('Retry-After', () => {
  it('waits the seconds the server asks for instead of the backoff', async () => {
    let calls = 0;
    const fetch = fakeFetch(() =>
      ++calls === 1
        ? new Response(JSON.stringify({ statusCode: 429, message: 'slow down' }), {
            status: 429,
            headers: { 'retry-after': '7' },
          })
        : json(200, { ok: true }),
    );
    const { client, sleep } = clientWith(fetch);

    expect((await client.getAccount('a1')).success).toBe(true);
    expect(sleep.delays).toEqual([7_000]);
  });

  it('reads delay-seconds and HTTP-dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('returns the error at once when Retry-After is past the operation deadline', async () => {
    const fetch = fakeFetch(
      () =>
        new Response(JSON.stringify({ statusCode: 503, message: 'maintenance' }), {
          status: 503,
          headers: { 'retry-after': '3600' },
        }),
    );
    const { client, sleep } = clientWith(fetch, { timeout: 5_000 });

    const result = await client.getHealth();

    expect(result).toMatchObject({ success: false, status: 503, error: 'maintenance' });
    expect(result.details?.['retryAfterMs']).toBe(3_600_000);
    expect(sleep.delays).toEqual([]);
  });
});

describe('timeout', () => {
  it('aborts the request after `timeout` ms and says so', async () => {
    const fetch = fakeFetch((_, signal) => never(signal));
    const client = createMedicaLinkClient({
      baseUrl: 'http://gateway.test',
      token: TOKEN,
      fetch,
      timeout: 50,
    });

    const started = Date.now();
    const result = await client.getAccount('a1');

    expect(result).toMatchObject({ success: false, code: 'TIMEOUT' });
    expect(result.error).toMatch(/timed out after 50 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.duration).toBeGreaterThanOrEqual(45);
  });

  it('counts retries and their waits inside the one timeout', async () => {
    const fetch = fakeFetch(() => gatewayError(503, 'down'));
    const client = createMedicaLinkClient({
      baseUrl: 'http://gateway.test',
      token: TOKEN,
      fetch,
      timeout: 80,
      retryDelay: 30,
      retryAttempts: 10,
      random: () => 1,
    });

    const result = await client.getAccount('a1');

    expect(result.success).toBe(false);
    expect(fetch.requests.length).toBeLessThan(5);
  });

  it('aborts when the caller aborts', async () => {
    const fetch = fakeFetch((_, signal) => never(signal));
    const client = createMedicaLinkClient({ baseUrl: 'http://gateway.test', token: TOKEN, fetch });
    const controller = new AbortController();
    const pending = client.getAccount('a1', { signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ success: false, code: 'ABORTED' });
  });

  it('reports a network failure without throwing', async () => {
    const fetch = fakeFetch(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    });
    const { client } = clientWith(fetch, { retryAttempts: 0 });
    expect(await client.getAccount('a1')).toMatchObject({
      success: false,
      code: 'NETWORK_ERROR',
      error: 'Network error: fetch failed (ECONNREFUSED)',
    });
  });
});
