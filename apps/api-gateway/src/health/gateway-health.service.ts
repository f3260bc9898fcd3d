import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  FreshResult,
  HEALTH_REPORT_MAX_AGE_MS,
  healthErrorCode,
} from '@medicalink/runtime';
import {
  HEALTH_CHECKED_SERVICES,
  type DependencyStatus,
  type GatewayHealth,
} from '@medicalink/contracts';
import { AmqpConnection, RpcClient } from '@medicalink/messaging';
import { GatewayRedis } from '../infrastructure/redis.provider';

type ServiceStatus = GatewayHealth['services'][string];

/**
 * Asks the five services for their health over RabbitMQ (in parallel, no
 * retries) and checks the gateway's own RabbitMQ and Redis connections. GET /health answers
 * anyone without a rate limit (load balancers probe it), so a report is served while it is at
 * most HEALTH_REPORT_MAX_AGE_MS old and concurrent callers share one refresh: however many
 * calls arrive, the checks run about once a second.
 */
@Injectable()
export class GatewayHealthService {
  private readonly fresh = new FreshResult(() => this.check(), HEALTH_REPORT_MAX_AGE_MS);

  constructor(
    private readonly rpc: RpcClient,
    private readonly connection: AmqpConnection,
    private readonly redis: GatewayRedis,
    @Inject(APP_CONFIG) private readonly env: { HEALTH_TIMEOUT_MS: number },
  ) {}

  report(): Promise<GatewayHealth> {
    return this.fresh.get();
  }

  private async check(): Promise<GatewayHealth> {
    const [services, redis] = await Promise.all([this.checkServices(), this.checkRedis()]);
    const rabbitmq: DependencyStatus = this.connection.isConnected()
      ? { status: 'up' }
      : { status: 'down', error: 'not connected' };
    return {
      overall: overallOf(services, rabbitmq, redis),
      services,
      infrastructure: { rabbitmq, redis },
    };
  }

  private async checkServices(): Promise<Record<string, ServiceStatus>> {
    const entries = await Promise.all(
      Object.entries(HEALTH_CHECKED_SERVICES).map(async ([name, contract]) => {
        const started = performance.now();
        try {
          const health = await this.rpc.call(
            contract,
            {},
            { timeoutMs: this.env.HEALTH_TIMEOUT_MS, retries: 0 },
          );
          const status: ServiceStatus = {
            status: health.status === 'ok' ? 'up' : 'degraded',
            latencyMs: elapsed(started),
          };
          return [name, status] as const;
        } catch (error) {
          return [
            name,
            { status: 'down', latencyMs: elapsed(started), error: healthErrorCode(error) },
          ] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }

  private async checkRedis(): Promise<DependencyStatus> {
    const started = performance.now();
    try {
      await this.redis.ping();
      return { status: 'up', latencyMs: elapsed(started) };
    } catch (error) {
      return { status: 'down', latencyMs: elapsed(started), error: healthErrorCode(error) };
    }
  }
}

/**
 * unhealthy: the gateway cannot reach RabbitMQ, or no service answers (nothing works);
 * degraded: something answers, something does not.
 */
export function overallOf(
  services: Record<string, ServiceStatus>,
  rabbitmq: DependencyStatus,
  redis: DependencyStatus,
): GatewayHealth['overall'] {
  const statuses = Object.values(services).map((service) => service.status);
  if (rabbitmq.status === 'down' || statuses.every((status) => status === 'down'))
    return 'unhealthy';
  if (redis.status === 'down' || statuses.some((status) => status !== 'up')) return 'degraded';
  return 'healthy';
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 100) / 100;
