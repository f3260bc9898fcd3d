import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Logger } from '@medicalink/observability';
import { AccountsModule } from './accounts/accounts.module';
import { DoctorsModule } from './doctors/doctors.module';
import { AuthModule } from './auth/auth.module';
import type { GatewayEnv } from './config';
import { GatewayHealthController } from './health/gateway-health.controller';
import { GatewayHealthService } from './health/gateway-health.service';
import { HttpErrorFilter } from './http/http-error.filter';
import { GatewayCoreModule } from './infrastructure/gateway-core.module';

@Module({})
export class AppModule {
  static forRoot(env: GatewayEnv, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      // AuthModule registers the global, deny-by-default AuthGuard.
      imports: [GatewayCoreModule.forRoot(env, logger), AuthModule, AccountsModule, DoctorsModule],
      controllers: [GatewayHealthController],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }, GatewayHealthService],
    };
  }
}
