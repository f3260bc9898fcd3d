import { Module } from '@nestjs/common';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import { APP_GUARD } from '@nestjs/core';
import { authRpc } from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import type { GatewayEnv } from '../config';
import { GatewayRedis } from '../infrastructure/redis.provider';
import { AccountEventsController } from './account-events.controller';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { TokenStates } from './token-states';
import { VerifiedTokens } from './verified-tokens';

/** While the accounts service does not answer, a token state this young still decides. */
const TOKEN_STATE_STALE_MS = 60_000;

@Module({
  controllers: [AuthController, AccountEventsController],
  providers: [
    // APP_GUARD is global: it guards the routes of every module of the gateway, not only this one.
    { provide: APP_GUARD, useClass: AuthGuard },
    AuthService,
    {
      provide: VerifiedTokens,
      inject: [APP_CONFIG],
      useFactory: (env: GatewayEnv) =>
        new VerifiedTokens(env.JWT_SECRET, { clockSkewSec: env.JWT_CLOCK_SKEW_SEC }),
    },
    {
      provide: TokenStates,
      inject: [RpcClient, APP_CONFIG],
      useFactory: (rpc: RpcClient, env: GatewayEnv) =>
        new TokenStates(
          async (accountId) => (await rpc.call(authRpc.tokenState, { accountId })).state,
          { ttlMs: env.TOKEN_STATE_TTL_MS, staleMs: TOKEN_STATE_STALE_MS },
        ),
    },
    {
      provide: LoginRateLimiter,
      inject: [GatewayRedis, APP_CONFIG, APP_LOGGER],
      useFactory: (redis: GatewayRedis, env: GatewayEnv, logger: Logger) =>
        new LoginRateLimiter(
          redis.client,
          {
            perPair: env.LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL,
            perEmail: env.LOGIN_FAILURES_PER_EMAIL,
            perIp: env.LOGIN_FAILURES_PER_ADDRESS,
            windowSec: env.LOGIN_RATE_WINDOW_SEC,
          },
          logger,
        ),
    },
  ],
  exports: [TokenStates, VerifiedTokens],
})
export class AuthModule {}
