import { Module } from '@nestjs/common';
import { DoctorsModule } from './doctors/doctors.module';
import { EducationModule } from './education/education.module';
import { SagasModule } from './sagas/sagas.module';

@Module({ imports: [SagasModule, DoctorsModule, EducationModule] })
export class AppModule {}
