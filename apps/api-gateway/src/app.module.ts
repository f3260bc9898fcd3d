import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Logger } from '@medicalink/observability';
import type { GatewayEnv } from './config';
import { GatewayHealthController } from './health/gateway-health.controller';
import { GatewayHealthService } from './health/gateway-health.service';
import { GATEWAY_LOGGER, HttpErrorFilter } from './http/http-error.filter';
import { GATEWAY_ENV, GatewayRedis } from './infrastructure/redis.provider';

@Module({})
export class AppModule {
  static forRoot(env: GatewayEnv, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      controllers: [GatewayHealthController],
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        { provide: GATEWAY_LOGGER, useValue: logger },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        GatewayRedis,
        GatewayHealthService,
      ],
    };
  }
}
