import type { ClientEvent } from './events.js';
import type { HttpResult } from './http.js';
import type { GatewayHealth, OverallHealth, ServiceStatus } from './types.js';

export interface HealthReport {
  overall: OverallHealth;
  /** each service of GET /health with its status (empty when the gateway did not answer) */
  services: Record<string, { status: ServiceStatus; latencyMs?: number; error?: string }>;
  infrastructure?: GatewayHealth['infrastructure'];
  checkedAt: number;
  /** why the gateway gave no health body (unreachable, timed out, disposed) */
  error?: string;
}

type Status = OverallHealth | ServiceStatus | 'unknown';

/**
 * Opens a connection to the gateway that reports when it opens and when it breaks (GET /events);
 * returns a function that closes it.
 */
export type GatewayWatch = (onChange: (state: 'open' | 'closed') => void) => () => void;

/**
 * Health checks through GET /health (a 503 still carries the body: the system is unhealthy),
 * optionally on an interval; every status that differs from the previous check's emits a
 * `service_health_change` (the gateway itself counts as the service `gateway`). While
 * monitoring, a live event stream held open to the gateway triggers a check the moment it
 * breaks or comes back, so a gateway that stops (or restarts) is seen at once rather than at
 * the next interval; without the stream (no token, refused, not served) the interval alone runs.
 */
export class HealthMonitor {
  private last: HealthReport | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<HealthReport> | undefined;

  constructor(
    private readonly fetchHealth: () => Promise<HttpResult<GatewayHealth>>,
    private readonly emit: (event: ClientEvent) => void,
    private readonly recordCheck: (service: string, up: boolean) => void,
    private readonly watchGateway?: GatewayWatch,
  ) {}

  private unwatch: (() => void) | undefined;

  start(intervalMs: number): void {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
      throw new RangeError('MedicaLink client: the health check interval must be > 0 ms');
    }
    this.stop();
    void this.check();
    this.timer = setInterval(() => void this.check(), intervalMs);
    // A monitor alone must not keep a Node process alive.
    (this.timer as { unref?: () => void }).unref?.();
    let opened = false;
    this.unwatch = this.watchGateway?.((state) => {
      // the first open confirms what the first check sees; every later change is news
      if (state === 'open' && !opened) opened = true;
      else void this.check();
    });
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.unwatch?.();
    this.unwatch = undefined;
  }

  /** One check; overlapping callers share it. */
  check(): Promise<HealthReport> {
    this.running ??= this.checkNow().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  unreachable(error: string): HealthReport {
    return { overall: 'unhealthy', services: {}, checkedAt: Date.now(), error };
  }

  private async checkNow(): Promise<HealthReport> {
    const reply = await this.fetchHealth();
    const body = reply.success && isHealthBody(reply.data) ? reply.data : undefined;
    const report: HealthReport = body
      ? {
          overall: body.overall,
          services: body.services,
          infrastructure: body.infrastructure,
          checkedAt: Date.now(),
        }
      : this.unreachable(reply.success ? 'GET /health gave no health report' : reply.error);
    this.recordCheck('gateway', body !== undefined);
    for (const [service, { status }] of Object.entries(report.services)) {
      this.recordCheck(service, status === 'up');
    }
    this.emitChanges(this.last, report);
    this.last = report;
    return report;
  }

  private emitChanges(previous: HealthReport | undefined, current: HealthReport): void {
    if (!previous) return; // the first check sets the baseline
    const change = (service: string, from: Status, to: Status, data: Record<string, unknown>) => {
      if (from !== to) {
        this.emit({
          type: 'service_health_change',
          timestamp: current.checkedAt,
          service,
          previous: from,
          current: to,
          data,
        });
      }
    };
    change('gateway', previous.error ? 'down' : 'up', current.error ? 'down' : 'up', {
      ...(current.error ? { error: current.error } : {}),
    });
    change('overall', previous.overall, current.overall, { services: current.services });
    const names = new Set([...Object.keys(previous.services), ...Object.keys(current.services)]);
    for (const name of names) {
      const now = current.services[name];
      change(name, previous.services[name]?.status ?? 'unknown', now?.status ?? 'unknown', {
        ...now,
      });
    }
  }
}

function isHealthBody(body: unknown): body is GatewayHealth {
  const candidate = body as Partial<GatewayHealth> | null;
  return typeof candidate?.overall === 'string' && typeof candidate.services === 'object';
}
