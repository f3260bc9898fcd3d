import { Inject, Injectable } from '@nestjs/common';
import { paginationMetadata, type RpcResponse, type scheduleRpc } from '@medicalink/contracts';
import type { Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { DirectoryDatabase } from '../database/directory.schema';
import { versionNotFound } from './schedules.errors';
import { SchedulesRepository } from './schedules.repository';

/** Reads and removal of schedule versions. */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<DirectoryDatabase>,
    private readonly schedules: SchedulesRepository,
  ) {}

  async getVersion(
    id: string,
    page: number,
    limit: number,
  ): Promise<RpcResponse<typeof scheduleRpc.getVersion>> {
    const version = await this.schedules.findVersion(this.db, id);
    if (!version) throw versionNotFound(id);
    const [assignmentCount, shifts] = await Promise.all([
      this.schedules.assignmentCount(this.db, id),
      this.schedules.shiftPage(this.db, id, page, limit),
    ]);
    return {
      version: {
        id: version.id,
        hospitalId: version.hospital_id,
        importId: version.import_id,
        status: version.status,
        sourceFile: version.source_file,
        shiftCount: version.shift_count,
        assignmentCount,
        coverage: version.coverage,
        createdAt: version.created_at.toISOString(),
      },
      data: shifts,
      meta: paginationMetadata(page, limit, version.shift_count),
    };
  }

  /** The compensation of a failed import's phase 1; a version that is not there is fine. */
  async deleteVersion(id: string): Promise<boolean> {
    return this.db.transaction().execute((trx) => this.schedules.deleteVersion(trx, id));
  }
}
