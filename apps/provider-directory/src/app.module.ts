import { Module } from '@nestjs/common';
import { AccountSyncModule } from './account-sync/account-sync.module';
import { DoctorsModule } from './doctors/doctors.module';
import { HospitalsModule } from './hospitals/hospitals.module';
import { SchedulesModule } from './schedules/schedules.module';

@Module({ imports: [DoctorsModule, HospitalsModule, AccountSyncModule, SchedulesModule] })
export class AppModule {}
