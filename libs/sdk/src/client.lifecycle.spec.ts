import { describe, expect, it, vi } from 'vitest';
import { createMedicaLinkClient } from './client.js';
import type { ClientEvent } from './events.js';
import { percentile } from './metrics.js';
import {
  abortableSleep,
  fakeFetch,
  gatewayError,
  json,
  jwtWithExp,
  never,
  recordingSleep,
  sseStream,
} from '../test/fake-fetch.js';

describe('metrics', () => {
  it('counts operations, successes, failures, average and p95 times', async () => {
    const fetch = fakeFetch((request) =>
      request.path === '/accounts/bad' ? gatewayError(404, 'Account not found') : json(200, {}),
    );
    const client = createMedicaLinkClient({ token: 't', fetch });

    await client.getAccount('a');
    await client.getAccount('b');
    await client.getAccount('bad');

    const metrics = client.getMetrics();
    expect(metrics).toMatchObject({
      totalOperations: 3,
      successfulOperations: 2,
      failedOperations: 1,
    });
    expect(metrics.averageOperationTime).toBeGreaterThanOrEqual(0);
    expect(metrics.p95OperationTime).toBeGreaterThanOrEqual(0);
    expect(metrics.uptime).toBeGreaterThanOrEqual(0);
  });

  it('computes the p95 by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 0.95)).toBe(95);
    expect(percentile([], 0.95)).toBe(0);
    expect(percentile([7], 0.95)).toBe(7);
  });

  it('tracks each service availability from the health checks', async () => {
    let down = false;
    const fetch = fakeFetch(() =>
      json(down ? 503 : 200, {
        overall: down ? 'unhealthy' : 'healthy',
        services: {
          accounts: { status: down ? 'down' : 'up', latencyMs: 1 },
          product: { status: 'up', latencyMs: 1 },
        },
        infrastructure: { rabbitmq: { status: 'up' }, redis: { status: 'up' } },
      }),
    );
    const client = createMedicaLinkClient({ fetch });
    await client.performHealthCheck();
    down = true;
    await client.performHealthCheck();
    expect(client.getMetrics().serviceAvailability).toEqual({
      gateway: 1,
      accounts: 0.5,
      product: 1,
    });
  });

  it('collects nothing with enableMetrics off', async () => {
    const client = createMedicaLinkClient({
      token: 't',
      fetch: fakeFetch(() => json(200, {})),
      enableMetrics: false,
    });
    await client.getAccount('a');
    expect(client.getMetrics().totalOperations).toBe(0);
  });
});

describe('events', () => {
  it('emits start, progress and complete in order, with one operation id', async () => {
    const fetch = fakeFetch((request) => {
      if (request.path === '/doctors')
        return json(201, { sagaId: 's', accountId: 'a', doctorId: 'd' });
      return json(200, { data: { id: 'd' }, cache: { hit: false, ttl: 300 } });
    });
    const client = createMedicaLinkClient({ token: 't', fetch });
    const events: ClientEvent[] = [];
    client.addEventListener((event) => events.push(event));

    await client.onboardDoctor({
      email: 'a@b.c',
      password: 'x'.repeat(12),
      fullName: 'A',
      specialty: 'Cardio',
      licenseNumber: 'L-1',
    });

    expect(
      events.map((event) =>
        event.type === 'operation_progress' ? `progress:${event.step}` : event.type,
      ),
    ).toEqual([
      'operation_start',
      'progress:createDoctor',
      'progress:awaitComposite',
      'progress:done',
      'operation_complete',
    ]);
    const ids = new Set(events.map((event) => ('operationId' in event ? event.operationId : '')));
    expect(ids.size).toBe(1);
  });

  it('emits operation_error with the result on failure, and a removed listener hears nothing', async () => {
    const client = createMedicaLinkClient({
      token: 't',
      fetch: fakeFetch(() => gatewayError(404, 'Account not found')),
    });
    const events: ClientEvent[] = [];
    const removed: ClientEvent[] = [];
    const listener = (event: ClientEvent) => removed.push(event);
    client.addEventListener((event) => events.push(event));
    client.addEventListener(listener);
    client.removeEventListener(listener);

    await client.getAccount('x');

    expect(events.map((event) => event.type)).toEqual(['operation_start', 'operation_error']);
    expect(events[1]).toMatchObject({
      operation: 'getAccount',
      error: 'Account not found',
      result: { status: 404 },
    });
    expect(removed).toEqual([]);
  });

  it('keeps going when a listener throws', async () => {
    const client = createMedicaLinkClient({ token: 't', fetch: fakeFetch(() => json(200, {})) });
    const seen: string[] = [];
    client.addEventListener(() => {
      throw new Error('listener bug');
    });
    client.addEventListener((event) => seen.push(event.type));
    expect((await client.getAccount('a')).success).toBe(true);
    expect(seen).toEqual(['operation_start', 'operation_complete']);
  });
});

describe('health monitor', () => {
  it('emits service_health_change when a service goes down and comes back', async () => {
    let accounts: 'up' | 'down' = 'up';
    const fetch = fakeFetch(() =>
      json(accounts === 'up' ? 200 : 503, {
        overall: accounts === 'up' ? 'healthy' : 'unhealthy',
        services: { accounts: { status: accounts, latencyMs: 2 } },
        infrastructure: { rabbitmq: { status: 'up' }, redis: { status: 'up' } },
      }),
    );
    const client = createMedicaLinkClient({ fetch });
    const changes: ClientEvent[] = [];
    client.addEventListener(
      (event) => event.type === 'service_health_change' && changes.push(event),
    );

    const first = await client.performHealthCheck();
    accounts = 'down';
    const second = await client.performHealthCheck();
    accounts = 'up';
    await client.performHealthCheck();

    expect(first.overall).toBe('healthy');
    expect(second).toMatchObject({
      overall: 'unhealthy',
      services: { accounts: { status: 'down' } },
    });
    expect(
      changes.map(
        (e) => e.type === 'service_health_change' && `${e.service}:${e.previous}->${e.current}`,
      ),
    ).toEqual([
      'overall:healthy->unhealthy',
      'accounts:up->down',
      'overall:unhealthy->healthy',
      'accounts:down->up',
    ]);
  });

  it('reports an unreachable gateway as unhealthy, and its return as a change', async () => {
    let reachable = false;
    const fetch = fakeFetch(() => {
      if (!reachable) throw new TypeError('fetch failed');
      return json(200, {
        overall: 'healthy',
        services: {},
        infrastructure: { rabbitmq: { status: 'up' }, redis: { status: 'up' } },
      });
    });
    const client = createMedicaLinkClient({ fetch, retryAttempts: 0 });
    const changes: string[] = [];
    client.addEventListener(
      (e) => e.type === 'service_health_change' && changes.push(`${e.service}:${e.current}`),
    );
    expect(await client.performHealthCheck()).toMatchObject({
      overall: 'unhealthy',
      error: expect.stringMatching(/fetch failed/),
    });
    reachable = true;
    await client.performHealthCheck();
    expect(changes).toEqual(['gateway:up', 'overall:healthy']);
  });

  it('polls at the configured interval until stopped', async () => {
    const fetch = fakeFetch(() =>
      json(200, { overall: 'healthy', services: {}, infrastructure: {} }),
    );
    const client = createMedicaLinkClient({ fetch, healthCheckInterval: 20 });
    await new Promise((resolve) => setTimeout(resolve, 110));
    client.stopHealthMonitor();
    const polled = fetch.requests.length;
    expect(polled).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(fetch.requests.length).toBe(polled);
  });
});

describe('health monitor with the live event stream', () => {
  const healthy = { overall: 'healthy', services: {}, infrastructure: {} };

  it('checks at once when the stream breaks and again when it is back, without waiting for the interval', async () => {
    const streams: ReturnType<typeof sseStream>[] = [];
    let gatewayUp = true;
    const fetch = fakeFetch((request) => {
      if (!gatewayUp) throw new TypeError('fetch failed');
      if (request.path === '/health') return json(200, healthy);
      const stream = sseStream();
      streams.push(stream);
      return stream.response;
    });
    const client = createMedicaLinkClient({
      token: 't',
      fetch,
      retryAttempts: 0,
      sleep: (ms, signal) => abortableSleep(Math.min(ms, 20), signal),
    });
    const changes: string[] = [];
    client.addEventListener(
      (e) => e.type === 'service_health_change' && changes.push(`${e.service}:${e.current}`),
    );
    const healthChecks = () => fetch.requests.filter((r) => r.path === '/health').length;
    client.startHealthMonitor(60_000);
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    await vi.waitFor(() => expect(healthChecks()).toBe(1));

    gatewayUp = false;
    streams[0]!.end();
    await vi.waitFor(() => expect(changes).toEqual(['gateway:down', 'overall:unhealthy']));
    gatewayUp = true;
    await vi.waitFor(() => expect(changes).toContain('overall:healthy'));

    expect(changes).toEqual(['gateway:down', 'overall:unhealthy', 'gateway:up', 'overall:healthy']);
    expect(streams).toHaveLength(2);
    client.dispose();
  });

  it('keeps to the interval when the stream is refused', async () => {
    const fetch = fakeFetch((request) =>
      request.path === '/health' ? json(200, healthy) : gatewayError(401, 'Unauthorized'),
    );
    const client = createMedicaLinkClient({ fetch, healthCheckInterval: 20 });
    await new Promise((resolve) => setTimeout(resolve, 110));
    client.dispose();
    expect(fetch.requests.filter((r) => r.path === '/events')).toHaveLength(1);
    expect(fetch.requests.filter((r) => r.path === '/health').length).toBeGreaterThanOrEqual(3);
  });
});

describe('dispose', () => {
  it('aborts operations in flight, stops the monitor, drops listeners, refuses later calls', async () => {
    const fetch = fakeFetch((request, signal) =>
      request.path === '/health'
        ? json(200, { overall: 'healthy', services: {}, infrastructure: {} })
        : never(signal),
    );
    const client = createMedicaLinkClient({ token: 't', fetch, healthCheckInterval: 10 });
    const events: string[] = [];
    client.addEventListener((event) => events.push(event.type));
    const inFlight = client.getAccount('a');
    const batched = client.getDoctor('d1');
    await new Promise((resolve) => setTimeout(resolve, 5));

    client.dispose();

    expect(await inFlight).toMatchObject({ success: false, code: 'DISPOSED' });
    expect(await batched).toMatchObject({ success: false, code: 'DISPOSED' });
    const later = await client.getAccount('a');
    expect(later).toMatchObject({
      success: false,
      code: 'DISPOSED',
      error: 'This MedicaLink client was disposed',
    });
    expect(() => client.startHealthMonitor(10)).toThrow(/disposed/);
    const requests = fetch.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fetch.requests.length).toBe(requests);
    expect(events).not.toContain('operation_complete');
    expect(events.filter((type) => type !== 'operation_start')).toEqual([]);
    expect(client.isDisposed).toBe(true);
  });
});

describe('authentication', () => {
  const credentials = { email: 'admin@example.com', password: 'a long password' };

  it('logs in with the credentials before the first call, once for concurrent calls', async () => {
    const fetch = fakeFetch((request) =>
      request.path === '/auth/login'
        ? json(200, { accessToken: 'tok-1', tokenType: 'Bearer', expiresIn: 900 })
        : json(200, { seen: request.headers['authorization'] }),
    );
    const client = createMedicaLinkClient({ credentials, fetch });

    const [a, b] = await Promise.all([client.me(), client.getAccount('x')]);

    expect(fetch.requests.filter((request) => request.path === '/auth/login')).toHaveLength(1);
    expect(fetch.requests[0]!.body).toEqual(credentials);
    expect(a.data).toEqual({ seen: 'Bearer tok-1' });
    expect(b.data).toEqual({ seen: 'Bearer tok-1' });
  });

  it('logs in again once on a 401 for an expired token and repeats the request', async () => {
    const expired = jwtWithExp(Math.floor(Date.now() / 1000) - 10);
    let logins = 0;
    const fetch = fakeFetch((request) => {
      if (request.path === '/auth/login') {
        logins += 1;
        return json(200, {
          accessToken: logins === 1 ? expired : 'fresh',
          tokenType: 'Bearer',
          expiresIn: 900,
        });
      }
      return request.headers['authorization'] === 'Bearer fresh'
        ? json(200, { ok: true })
        : gatewayError(401, 'Token expired');
    });
    const client = createMedicaLinkClient({ credentials, fetch });

    const result = await client.me();

    expect(result).toMatchObject({ success: true, data: { ok: true } });
    expect(fetch.requests.map((request) => request.path)).toEqual([
      '/auth/login',
      '/auth/me',
      '/auth/login',
      '/auth/me',
    ]);
  });

  it('does not loop: a second 401 is returned', async () => {
    const fetch = fakeFetch((request) =>
      request.path === '/auth/login'
        ? json(200, { accessToken: 'tok', tokenType: 'Bearer', expiresIn: 900 })
        : gatewayError(401, 'Token expired'),
    );
    const client = createMedicaLinkClient({ credentials, fetch, sleep: recordingSleep() });
    expect(await client.me()).toMatchObject({ success: false, status: 401 });
    expect(fetch.requests.map((request) => request.path)).toEqual([
      '/auth/login',
      '/auth/me',
      '/auth/login',
      '/auth/me',
    ]);
  });

  it('does not log in again on a 401 that is not about expiry, nor without credentials', async () => {
    const invalid = fakeFetch(() => gatewayError(401, 'Invalid token'));
    const client = createMedicaLinkClient({ token: 'forged', fetch: invalid });
    expect(await client.me()).toMatchObject({
      success: false,
      status: 401,
      error: 'Invalid token',
    });
    expect(invalid.requests).toHaveLength(1);

    const expired = fakeFetch(() => gatewayError(401, 'Token expired'));
    const noCredentials = createMedicaLinkClient({ token: 'old', fetch: expired });
    expect(await noCredentials.me()).toMatchObject({ success: false, status: 401 });
    expect(expired.requests).toHaveLength(1);
  });

  it('returns a failed login as the operation result', async () => {
    const fetch = fakeFetch(() => gatewayError(401, 'Invalid email or password'));
    const client = createMedicaLinkClient({ credentials, fetch });
    expect(await client.me()).toMatchObject({
      success: false,
      status: 401,
      error: 'Login failed: Invalid email or password',
    });
    const explicit = await client.login();
    expect(explicit).toMatchObject({ success: false, status: 401 });
  });
});
