import { z } from 'zod';
import { defineRpc, type ServiceName } from '../common/define';

export const DependencyStatus = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().min(0).optional(),
  error: z.string().optional(),
});
export type DependencyStatus = z.infer<typeof DependencyStatus>;

/** A service's last error-level log lines, newest first (no stack, no payload). */
export const RecentServiceError = z.object({
  at: z.string(),
  message: z.string(),
  code: z.string().optional(),
  pattern: z.string().optional(),
});
export const RecentServiceErrors = z.object({
  /** error lines since the process started (the list keeps the last few) */
  total: z.number().int().min(0),
  errors: z.array(RecentServiceError),
});
export type RecentServiceErrors = z.infer<typeof RecentServiceErrors>;

export const ServiceHealth = z.object({
  service: z.string(),
  status: z.enum(['ok', 'degraded']),
  uptimeSec: z.number().min(0),
  checks: z.record(z.string(), DependencyStatus),
  /** only over RabbitMQ (to the gateway, which shows them to admin and main); never on HTTP */
  recentErrors: RecentServiceErrors.optional(),
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

/** The services whose recent errors GET /admin/services/:service/errors reads (as its path names them). */
export const ERROR_REPORTING_SERVICES = {
  orchestrator: 'orchestrator',
  accounts: 'accounts',
  directory: 'provider-directory',
  product: 'product',
  education: 'education',
} as const satisfies Record<string, keyof typeof HEALTH_CHECKED_SERVICES>;

export const ServiceErrorsParams = z.object({
  service: z.enum(Object.keys(ERROR_REPORTING_SERVICES) as [keyof typeof ERROR_REPORTING_SERVICES]),
});
export type ServiceErrorsParams = z.infer<typeof ServiceErrorsParams>;

/** GET /admin/services/:service/errors */
export const ServiceErrorsResponse = RecentServiceErrors.extend({ service: z.string() });
export type ServiceErrorsResponse = z.infer<typeof ServiceErrorsResponse>;

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
