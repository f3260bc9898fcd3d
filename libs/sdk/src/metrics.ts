export interface ClientMetrics {
  totalOperations: number;
  successfulOperations: number;
  failedOperations: number;
  /** milliseconds, over every finished operation */
  averageOperationTime: number;
  /** milliseconds, over the last `METRICS_WINDOW` operations */
  p95OperationTime: number;
  /** milliseconds since the client was created */
  uptime: number;
  /** per service of GET /health: the share (0..1) of health checks that found it up */
  serviceAvailability: Record<string, number>;
}

/** How many recent durations the p95 is computed over. */
export const METRICS_WINDOW = 1_000;

export class MetricsCollector {
  private total = 0;
  private succeeded = 0;
  private failed = 0;
  private durationSum = 0;
  private readonly recent: number[] = [];
  private readonly availability = new Map<string, { up: number; checks: number }>();

  constructor(private readonly startedAt: number) {}

  recordOperation(success: boolean, duration: number): void {
    this.total += 1;
    if (success) this.succeeded += 1;
    else this.failed += 1;
    this.durationSum += duration;
    this.recent.push(duration);
    if (this.recent.length > METRICS_WINDOW) this.recent.shift();
  }

  recordServiceCheck(service: string, up: boolean): void {
    const entry = this.availability.get(service) ?? { up: 0, checks: 0 };
    entry.checks += 1;
    if (up) entry.up += 1;
    this.availability.set(service, entry);
  }

  snapshot(now: number): ClientMetrics {
    return {
      totalOperations: this.total,
      successfulOperations: this.succeeded,
      failedOperations: this.failed,
      averageOperationTime: this.total === 0 ? 0 : this.durationSum / this.total,
      p95OperationTime: percentile(this.recent, 0.95),
      uptime: now - this.startedAt,
      serviceAvailability: Object.fromEntries(
        [...this.availability].map(([service, { up, checks }]) => [service, up / checks]),
      ),
    };
  }
}

/** Nearest-rank percentile; 0 for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? 0;
}
