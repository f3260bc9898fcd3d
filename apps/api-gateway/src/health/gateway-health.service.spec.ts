import { describe, expect, it } from 'vitest';
import { type DependencyStatus } from '@medicalink/contracts';
import type { AmqpConnection, RpcClient } from '@medicalink/messaging';
import type { GatewayRedis } from '../infrastructure/redis.provider';
import { GatewayHealthService, overallOf } from './gateway-health.service';

const up: DependencyStatus = { status: 'up' };
const down: DependencyStatus = { status: 'down', error: 'unreachable' };

type Status = 'up' | 'down' | 'degraded';
const services = (...statuses: Status[]) =>
  Object.fromEntries(statuses.map((status, i) => [`s${i}`, { status, latencyMs: 1 }]));

describe('overallOf', () => {
  it('is healthy when every service and dependency is up', () => {
    expect(overallOf(services('up', 'up', 'up'), up, up)).toBe('healthy');
  });

  it('is degraded when one service is down', () => {
    expect(overallOf(services('up', 'down', 'up'), up, up)).toBe('degraded');
  });

  it('is degraded when a service reports itself degraded', () => {
    expect(overallOf(services('up', 'degraded'), up, up)).toBe('degraded');
  });

  it('is degraded when only Redis is down', () => {
    expect(overallOf(services('up', 'up'), up, down)).toBe('degraded');
  });

  it('is unhealthy when RabbitMQ is down', () => {
    expect(overallOf(services('up', 'up'), down, up)).toBe('unhealthy');
  });

  it('is unhealthy when every service is down', () => {
    expect(overallOf(services('down', 'down', 'down'), up, up)).toBe('unhealthy');
  });
});

describe('GatewayHealthService.report', () => {
  it('tells anonymous callers codes, never error text with hosts and ports', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:6379'), {
      code: 'ECONNREFUSED',
    });
    const service = new GatewayHealthService(
      {
        call: () => Promise.reject(new Error('getaddrinfo ENOTFOUND rabbit.internal:5672')),
      } as unknown as RpcClient,
      { isConnected: () => true } as unknown as AmqpConnection,
      { ping: () => Promise.reject(refused) } as unknown as GatewayRedis,
      { HEALTH_TIMEOUT_MS: 100 },
    );

    const report = await service.report();

    const text = JSON.stringify(report);
    expect(text).not.toMatch(/10\.1\.2\.3|6379|rabbit\.internal|5672/);
    expect(report.infrastructure.redis).toMatchObject({ status: 'down', error: 'ECONNREFUSED' });
    expect(Object.values(report.services)[0]).toMatchObject({
      status: 'down',
      error: 'UNAVAILABLE',
    });
  });

  it('runs the checks once for a burst of callers: 5 RPCs and 1 Redis ping, not per call', async () => {
    let rpcCalls = 0;
    let pings = 0;
    const service = new GatewayHealthService(
      {
        call: async () => {
          rpcCalls += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { service: 'x', status: 'ok', uptimeSec: 1, checks: {} };
        },
      } as unknown as RpcClient,
      { isConnected: () => true } as unknown as AmqpConnection,
      { ping: () => Promise.resolve((pings += 1)) } as unknown as GatewayRedis,
      { HEALTH_TIMEOUT_MS: 100 },
    );

    const reports = await Promise.all(Array.from({ length: 200 }, () => service.report()));
    await service.report(); // later, but within a second: the same report

    expect(reports.every((report) => report.overall === 'healthy')).toBe(true);
    expect(rpcCalls).toBe(5);
    expect(pings).toBe(1);
  });
});
