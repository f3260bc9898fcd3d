import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { CacheService, createRedisClient } from '@medicalink/cache';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER, HealthService } from '@medicalink/runtime';
import type { OrchestratorEnv } from '../config';

export const REDIS = Symbol('REDIS');

@Module({
  providers: [
    {
      provide: REDIS,
      useFactory: (env: OrchestratorEnv) =>
        createRedisClient({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX }),
      inject: [APP_CONFIG],
    },
    {
      provide: CacheService,
      useFactory: (redis: Redis, logger: Logger, env: OrchestratorEnv) =>
        new CacheService(redis, logger, { operationTimeoutMs: env.CACHE_TIMEOUT_MS }),
      inject: [REDIS, APP_LOGGER, APP_CONFIG],
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
