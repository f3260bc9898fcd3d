import { z } from 'zod';
import { defineRpc, type ServiceName } from '../common/define';

export const DependencyStatus = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().min(0).optional(),
  error: z.string().optional(),
});
export type DependencyStatus = z.infer<typeof DependencyStatus>;

export const ServiceHealth = z.object({
  service: z.string(),
  status: z.enum(['ok', 'degraded']),
  uptimeSec: z.number().min(0),
  checks: z.record(z.string(), DependencyStatus),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

export const healthCheckRpc = <S extends ServiceName>(service: S) =>
  defineRpc(`${service}.health.check`, {
    request: z.object({}).strict(),
    response: ServiceHealth,
  });

/** The five services behind the gateway, as named in GET /health. */
export const HEALTH_CHECKED_SERVICES = {
  orchestrator: healthCheckRpc('orchestrator'),
  accounts: healthCheckRpc('accounts'),
  'provider-directory': healthCheckRpc('directory'),
  product: healthCheckRpc('product'),
  education: healthCheckRpc('education'),
} as const;

export const GatewayHealth = z.object({
  overall: z.enum(['healthy', 'degraded', 'unhealthy']),
  services: z.record(
    z.string(),
    z.object({
      status: z.enum(['up', 'down', 'degraded']),
      latencyMs: z.number().min(0),
      error: z.string().optional(),
    }),
  ),
  infrastructure: z.object({ rabbitmq: DependencyStatus, redis: DependencyStatus }),
});
export type GatewayHealth = z.infer<typeof GatewayHealth>;
