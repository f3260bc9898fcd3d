import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module';
import { DoctorsModule } from './doctors/doctors.module';
import { ProductSessionsModule } from './products/product-sessions.module';
import { EducationModule } from './education/education.module';
import { AuthModule } from './auth/auth.module';
import { GatewayHealthController } from './health/gateway-health.controller';
import { GatewayHealthService } from './health/gateway-health.service';
import { ServiceErrorsController } from './health/service-errors.controller';
import { GatewayMetricsController } from './health/gateway-metrics.controller';
import { HttpErrorFilter } from './http/http-error.filter';
import { HospitalsModule } from './hospitals/hospitals.module';
import { SchedulesModule } from './schedules/schedules.module';
import { GatewayCoreModule } from './infrastructure/gateway-core.module';
import { ProductsModule } from './products/products.module';
import { SagasModule } from './sagas/sagas.module';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { LiveEventsModule } from './events/live-events.module';

@Module({
  // AuthModule registers the global, deny-by-default AuthGuard.
  imports: [
    GatewayCoreModule,
    AuthModule,
    AccountsModule,
    DoctorsModule,
    SchedulesModule,
    HospitalsModule,
    ProductsModule,
    ProductSessionsModule,
    EducationModule,
    SagasModule,
    DeadLettersModule,
    LiveEventsModule,
  ],
  controllers: [GatewayHealthController, GatewayMetricsController, ServiceErrorsController],
  providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }, GatewayHealthService],
})
export class AppModule {}
