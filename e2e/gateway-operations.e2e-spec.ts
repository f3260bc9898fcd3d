import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gatewayClient } from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  releaseSystem,
  sharedSystem,
  type RunningSystem,
} from './support/system';

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let mainToken: string;

beforeAll(async () => {
  system = await sharedSystem();
  mainToken = await gatewayClient(system.gatewayUrl).token(E2E_ADMIN.email, E2E_ADMIN.password);
});

afterAll(async () => {
  await releaseSystem(system);
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${system.gatewayUrl}${path}`, { headers });

describe('gateway operations', () => {
  it('reports the five services healthy with their latency, and RabbitMQ and Redis up', async () => {
    const body = await eventually(async () => {
      const response = await get('/health');
      expect(response.status).toBe(200);
      const report = (await response.json()) as { overall: string };
      expect(report.overall).toBe('healthy');
      return report;
    });
    expect(body).toMatchObject({
      overall: 'healthy',
      infrastructure: { rabbitmq: { status: 'up' }, redis: { status: 'up' } },
    });
    const services = (
      body as unknown as { services: Record<string, { status: string; latencyMs: number }> }
    ).services;
    expect(Object.keys(services).sort()).toEqual([
      'accounts',
      'education',
      'orchestrator',
      'product',
      'provider-directory',
    ]);
    for (const service of Object.values(services)) {
      expect(service.status).toBe('up');
      expect(service.latencyMs).toBeGreaterThan(0);
    }
  });

  it("serves each other app's /health and /metrics on a listener bound to loopback", async () => {
    for (const app of ['orchestrator', 'accounts', 'product'] as const) {
      const url = new URL(system.urls[app]!);
      expect(url.hostname, app).toBe('127.0.0.1');
      expect((await fetch(`${url.origin}/metrics`)).status, app).toBe(200);
    }
  });

  it('echoes the caller correlation id, or makes one', async () => {
    const echoed = await get('/health', { 'x-correlation-id': 'e2e-corr-1' });
    expect(echoed.headers.get('x-correlation-id')).toBe('e2e-corr-1');
    const made = await get('/metrics');
    expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics to admin and main only, the OpenAPI document and its UI', async () => {
    expect((await get('/metrics')).status).toBe(401);
    const metrics = await get('/metrics', { authorization: `Bearer ${mainToken}` });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('rpc_client_duration_seconds');
    const document = (await (await get('/docs/json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/metrics']));
    const ui = await get('/docs');
    expect(ui.status).toBe(200);
  });

  it('serves the AsyncAPI document of its own messaging: a page for people, YAML and JSON for tools', async () => {
    const page = await get('/docs/asyncapi', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<code>orchestrator.doctor.create</code>');

    const document = (await (await get('/docs/asyncapi.json')).json()) as {
      asyncapi: string;
      channels: Record<string, { address: string }>;
    };
    expect(document.asyncapi).toBe('3.0.0');
    // this run's queue prefix, not the default one of docs/asyncapi.yaml
    const address = document.channels['orchestrator.rpc']?.address ?? '';
    expect(address).toMatch(/\.orchestrator\.rpc$/);
    expect(address).not.toBe('medicalink.orchestrator.rpc');
    const yaml = await get('/docs/asyncapi.yaml');
    expect(yaml.headers.get('content-type')).toContain('application/yaml');
    expect(await yaml.text()).toContain(`address: ${address}`);
  });

  it('answers errors with the uniform body: unknown route, malformed JSON, oversized body', async () => {
    const notFound = await get('/no-such-route');
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({
      statusCode: 404,
      operationId: expect.any(String),
    });

    const post = (body: string) =>
      fetch(`${system.gatewayUrl}/no-such-route`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const malformed = await post('{"email": ');
    expect(malformed.status).toBe(400);
    const malformedBody = (await malformed.json()) as { message: string; operationId: string };
    expect(malformedBody.message).toMatch(/json/i);
    expect(malformedBody.operationId).toEqual(malformed.headers.get('x-correlation-id'));

    const oversized = await post(JSON.stringify({ blob: 'x'.repeat(1024 * 1024 + 1) }));
    expect(oversized.status).toBe(413);
    expect(await oversized.json()).toMatchObject({
      statusCode: 413,
      message: expect.stringMatching(/too large/i),
    });
  });

  it('reports degraded (still 200) when one service stops, each service drains and exits 0, and healthy once it is back', async () => {
    const exitCode = await system.apps.get('product')!.stop('SIGTERM');
    expect(exitCode).toBe(0);
    const body = await eventually(async () => {
      const response = await get('/health');
      expect(response.status).toBe(200);
      const report = (await response.json()) as {
        overall: string;
        services: Record<string, { status: string }>;
      };
      expect(report.overall).toBe('degraded');
      return report;
    });
    expect(body.services['product']?.status).toBe('down');
    expect(body.services['accounts']?.status).toBe('up');

    await system.start('product'); // the worker's next file shares this system
    await eventually(async () => {
      const report = (await (await get('/health')).json()) as { overall: string };
      expect(report.overall).toBe('healthy');
    });
  });
});
