import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import { SessionStore } from '@medicalink/session';
import type { OrchestratorEnv } from '../config';
import { CacheModule, REDIS } from '../infrastructure/cache.module';
import { ProductChoices } from './product-choices';
import { ProductCodesController } from './product-codes.controller';
import { ProductSessionController } from './product-session.controller';
import { ProductSessionCommits } from './product-session-commits';
import { PRODUCT_SESSIONS, ProductSessionService } from './product-session.service';
import { productSessionWorkflow } from './product-session.workflow';
import { TakenProductCodes } from './taken-product-codes';

/**
 * Products: the session workflow (draft in Redis, one idempotent commit) and the copy of
 * taken codes its product step checks.
 */
@Module({
  imports: [CacheModule],
  controllers: [ProductSessionController, ProductCodesController],
  providers: [
    {
      provide: PRODUCT_SESSIONS,
      useFactory: (redis: Redis, env: OrchestratorEnv, logger: Logger) =>
        new SessionStore(redis, productSessionWorkflow, {
          logger,
          operationTimeoutMs: env.SESSION_STORE_TIMEOUT_MS,
        }),
      inject: [REDIS, APP_CONFIG, APP_LOGGER],
    },
    ProductChoices,
    ProductSessionCommits,
    ProductSessionService,
    TakenProductCodes,
  ],
})
export class ProductsModule {}
