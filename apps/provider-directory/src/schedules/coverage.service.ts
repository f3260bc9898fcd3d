import { Inject, Injectable } from '@nestjs/common';
import type { CoverageResult } from '@medicalink/contracts';
import type { Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { DirectoryDatabase } from '../database/directory.schema';
import { versionNotFound } from './schedules.errors';
import { SchedulesRepository } from './schedules.repository';

/** Phase 3 of a schedule import, and its recalculation on request: required vs assigned. */
@Injectable()
export class CoverageService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<DirectoryDatabase>,
    private readonly schedules: SchedulesRepository,
  ) {}

  /** Recomputed from scratch in one transaction (the version row locked), so it is safe to repeat. */
  async calculate(versionId: string): Promise<CoverageResult> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.schedules.lockVersion(trx, versionId))) throw versionNotFound(versionId);
      await this.schedules.recalculateCoverage(trx, versionId);
      const summary = await this.schedules.coverageSummary(trx, versionId, new Date());
      await this.schedules.saveCoverageSummary(trx, versionId, summary);
      const gaps = summary.gapCount;
      return {
        scheduleVersionId: versionId,
        required: summary.required,
        assigned: summary.assigned,
        gapCount: gaps,
        calculatedAt: summary.calculatedAt,
        validation: {
          errors: [],
          warnings:
            gaps > 0
              ? [
                  {
                    code: 'COVERAGE_GAPS',
                    message: `${gaps} shifts have fewer staff assigned than required`,
                  },
                ]
              : [],
          infos: [
            {
              code: 'COVERAGE_CALCULATED',
              message: `${summary.assigned} of ${summary.required} required staff positions assigned`,
            },
          ],
        },
      };
    });
  }
}
