import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@medicalink/observability';
import type { GatewayEnv } from '../config';
import { GATEWAY_LOGGER } from '../http/http-error.filter';
import { GATEWAY_ENV, GatewayRedis } from './redis.provider';

/** The gateway's config, logger and Redis connection, injectable in every feature module. */
@Global()
@Module({})
export class GatewayCoreModule {
  static forRoot(env: GatewayEnv, logger: Logger): DynamicModule {
    return {
      module: GatewayCoreModule,
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        { provide: GATEWAY_LOGGER, useValue: logger },
        GatewayRedis,
      ],
      exports: [GATEWAY_ENV, GATEWAY_LOGGER, GatewayRedis],
    };
  }
}
