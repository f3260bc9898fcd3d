import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG } from '@medicalink/runtime';
import { SessionStore } from '@medicalink/session';
import type { OrchestratorEnv } from '../config';
import { CacheModule, REDIS } from '../infrastructure/cache.module';
import { ProductSessionController } from './product-session.controller';
import { PRODUCT_SESSIONS, ProductSessionService } from './product-session.service';
import { productSessionWorkflow } from './product-session.workflow';

/** Products: seed 001's session workflow (draft in Redis, one idempotent commit). */
@Module({
  imports: [CacheModule],
  controllers: [ProductSessionController],
  providers: [
    {
      provide: PRODUCT_SESSIONS,
      useFactory: (redis: Redis, env: OrchestratorEnv) =>
        new SessionStore(redis, productSessionWorkflow, {
          operationTimeoutMs: env.SESSION_STORE_TIMEOUT_MS,
        }),
      inject: [REDIS, APP_CONFIG],
    },
    ProductSessionService,
  ],
})
export class ProductsModule {}
