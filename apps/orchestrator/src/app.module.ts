import { Module } from '@nestjs/common';
import { DoctorsModule } from './doctors/doctors.module';
import { SagasModule } from './sagas/sagas.module';

@Module({ imports: [SagasModule, DoctorsModule] })
export class AppModule {}
