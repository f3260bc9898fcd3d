import { Module } from '@nestjs/common';
import { SagasModule } from '../sagas/sagas.module';
import { ScheduleImportsController } from './schedule-imports.controller';
import { ScheduleImportsRepository } from './schedule-imports.repository';
import { ScheduleImportsService } from './schedule-imports.service';

/** Schedule imports: the three-phase saga, its status and history. */
@Module({
  imports: [SagasModule],
  controllers: [ScheduleImportsController],
  providers: [ScheduleImportsRepository, ScheduleImportsService],
})
export class SchedulesModule {}
