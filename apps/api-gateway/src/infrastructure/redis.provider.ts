import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createRedisClient } from '@medicalink/cache';
import { APP_CONFIG } from '@medicalink/runtime';
import type Redis from 'ioredis';

/** The gateway's Redis connection (rate limits; reported in GET /health). */
@Injectable()
export class GatewayRedis implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(APP_CONFIG) env: { REDIS_URL: string; REDIS_KEY_PREFIX: string }) {
    // Fails calls at once while Redis is away; a tick's counts leave in one write.
    this.client = createRedisClient({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX });
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
