import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { CacheService, createRedisClient } from '@medicalink/cache';
import type { Logger } from '@medicalink/observability';
import { APP_LOGGER, HealthService } from '@medicalink/runtime';
import type { OrchestratorEnv } from '../config';
import { ORCHESTRATOR_ENV } from './orchestrator-env';

export const REDIS = Symbol('REDIS');

@Module({
  providers: [
    {
      provide: REDIS,
      useFactory: (env: OrchestratorEnv) =>
        createRedisClient({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX }),
      inject: [ORCHESTRATOR_ENV],
    },
    {
      provide: CacheService,
      useFactory: (redis: Redis, logger: Logger, env: OrchestratorEnv) =>
        new CacheService(redis, logger, { operationTimeoutMs: env.CACHE_TIMEOUT_MS }),
      inject: [REDIS, APP_LOGGER, ORCHESTRATOR_ENV],
    },
  ],
  exports: [REDIS, CacheService],
})
export class CacheModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.health.register('redis', async () => {
      await this.redis.ping();
    });
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
