import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { CoverageService } from './coverage.service';
import { RosterImportService } from './roster-import.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';
import { SpreadsheetImportService } from './spreadsheet-import.service';
import { SpreadsheetParser } from './spreadsheet-parser';

/** Schedules: versions, shifts, assignments and coverage, written by the import's phases. */
@Module({
  imports: [HospitalsModule],
  controllers: [SchedulesController],
  providers: [
    SchedulesRepository,
    SpreadsheetImportService,
    SpreadsheetParser,
    RosterImportService,
    CoverageService,
    SchedulesService,
  ],
})
export class SchedulesModule {}
