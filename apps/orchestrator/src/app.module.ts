import { Module } from '@nestjs/common';
import { DoctorsModule } from './doctors/doctors.module';
import { EducationModule } from './education/education.module';
import { ProductsModule } from './products/products.module';
import { SagasModule } from './sagas/sagas.module';
import { SchedulesModule } from './schedules/schedules.module';

@Module({
  imports: [SagasModule, DoctorsModule, ProductsModule, SchedulesModule, EducationModule],
})
export class AppModule {}
