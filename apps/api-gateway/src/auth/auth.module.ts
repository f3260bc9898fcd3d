import { Module } from '@nestjs/common';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from '@medicalink/observability';
import type { GatewayEnv } from '../config';
import { GatewayRedis } from '../infrastructure/redis.provider';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter';

@Module({
  controllers: [AuthController],
  providers: [
    // APP_GUARD is global: it guards the routes of every module of the gateway, not only this one.
    { provide: APP_GUARD, useClass: AuthGuard },
    AuthService,
    {
      provide: LoginRateLimiter,
      inject: [GatewayRedis, APP_CONFIG, APP_LOGGER],
      useFactory: (redis: GatewayRedis, env: GatewayEnv, logger: Logger) =>
        new LoginRateLimiter(
          redis.client,
          {
            perIp: env.LOGIN_RATE_LIMIT_PER_IP,
            perEmail: env.LOGIN_RATE_LIMIT_PER_EMAIL,
            windowSec: env.LOGIN_RATE_WINDOW_SEC,
          },
          logger,
        ),
    },
  ],
})
export class AuthModule {}
