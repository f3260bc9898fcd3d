/** Health and dead letters (see types.ts). */

export type OverallHealth = 'healthy' | 'degraded' | 'unhealthy';
export type ServiceStatus = 'up' | 'down' | 'degraded';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs?: number;
  error?: string;
}

/** GET /health */
export interface GatewayHealth {
  overall: OverallHealth;
  services: Record<string, { status: ServiceStatus; latencyMs: number; error?: string }>;
  infrastructure: { rabbitmq: DependencyStatus; redis: DependencyStatus };
}

/** A message that ended in a service's dead-letter queue (GET /admin/dead-letters/:service). */
export interface DeadLetter {
  id: string;
  pattern: string | null;
  /** where a replay sends it */
  queue: string;
  errorCode: string | null;
  errorMessage: string | null;
  errorStatus: number | null;
  attempts: number | null;
  failedAt: string | null;
  correlationId: string | null;
  /** each value cut to 2,000 characters */
  headers: Record<string, string>;
  /**
   * the message as sent, password, token and secret fields masked; past 8 KiB a preview, and
   * null once the page's 256 KiB for bodies is spent
   */
  body: unknown;
  /** the size of the message body in the queue */
  bodyBytes: number;
  /** whether `body` is less than the whole payload */
  bodyTruncated: boolean;
}

/** POST /admin/dead-letters/:service/replay */
/** One error-level log line of a service (no stack, no payload). */
export interface RecentServiceError {
  at: string;
  message: string;
  code?: string;
  /** the message pattern being handled */
  pattern?: string;
}

/** GET /admin/services/:service/errors (admin, main): the last ones, newest first */
export interface ServiceErrors {
  service: string;
  /** error lines since the service started */
  total: number;
  errors: RecentServiceError[];
}

export interface ReplayDeadLettersResult {
  replayed: number;
}
