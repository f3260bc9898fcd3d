import { describe, expect, it } from 'vitest';
import { type DependencyStatus } from '@medicalink/contracts';
import { overallOf } from './gateway-health.service';

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
