import { Module } from '@nestjs/common';
import { DoctorsModule } from './doctors/doctors.module';
import { SagasModule } from './sagas/sagas.module';
import { SchedulesModule } from './schedules/schedules.module';

@Module({ imports: [SagasModule, DoctorsModule, SchedulesModule] })
export class AppModule {}
