import { Injectable } from '@nestjs/common';
import type { DependencyStatus, ServiceHealth } from '@medicalink/contracts';
import type { RecentErrors } from '@medicalink/observability';
import { FreshResult, HEALTH_REPORT_MAX_AGE_MS } from './fresh-result';
import { healthErrorCode } from './health-error';

export type HealthCheck = () => Promise<void>;

/**
 * Readiness checks of what this app depends on; modules add theirs at init. The report is
 * computed at most once a second (HEALTH_REPORT_MAX_AGE_MS): GET /health answers anyone, and a
 * flood of calls must not become a flood of database pings.
 */
@Injectable()
export class HealthService {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly startedAt = Date.now();
  private readonly fresh = new FreshResult(() => this.check(), HEALTH_REPORT_MAX_AGE_MS);

  constructor(
    private readonly service: string,
    /** the process's last error lines, reported over RabbitMQ only (see HttpHealthController) */
    private readonly recentErrors?: RecentErrors,
  ) {}

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  report(): Promise<ServiceHealth> {
    return this.fresh.get();
  }

  private async check(): Promise<ServiceHealth> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runCheck(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const allUp = entries.every(([, status]) => status.status === 'up');
    return {
      service: this.service,
      status: allUp ? 'ok' : 'degraded',
      uptimeSec: Math.round((Date.now() - this.startedAt) / 1000),
      checks,
      ...(this.recentErrors
        ? { recentErrors: this.recentErrors.list(RECENT_ERRORS_REPORTED) }
        : {}),
    };
  }
}

const CHECK_TIMEOUT_MS = 2_000;
const RECENT_ERRORS_REPORTED = 20;

async function runCheck(check: HealthCheck): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', latencyMs: round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: round(performance.now() - started),
      error: healthErrorCode(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
