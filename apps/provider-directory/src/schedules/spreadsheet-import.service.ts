import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  ImportMessage,
  RpcRequestParsed,
  scheduleRpc,
  SpreadsheetImportResult,
} from '@medicalink/contracts';
import { runIdempotent, type Kysely } from '@medicalink/persistence';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER, DATABASE } from '@medicalink/runtime';
import type { DirectoryEnv } from '../config';
import type { DirectoryDatabase } from '../database/directory.schema';
import { hospitalNotFound } from '../hospitals/hospitals.errors';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { capMessages } from './import-messages';
import { fileUnreadable, noValidRows } from './schedules.errors';
import { SchedulesRepository } from './schedules.repository';
import { UnreadableSpreadsheetError } from './shift-spreadsheet';
import { SpreadsheetParser } from './spreadsheet-parser';

type ImportSpreadsheet = RpcRequestParsed<typeof scheduleRpc.importSpreadsheet>;

/** Phase 1 of a schedule import: the spreadsheet becomes a DRAFT version with its shifts. */
@Injectable()
export class SpreadsheetImportService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<DirectoryDatabase>,
    @Inject(APP_CONFIG) private readonly config: DirectoryEnv,
    private readonly schedules: SchedulesRepository,
    private readonly hospitals: HospitalsRepository,
    private readonly parser: SpreadsheetParser,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Parses (in a worker thread, see SpreadsheetParser), then stores the version and every
   * valid row in one transaction (batched inserts). Bad rows are errors in the result; no valid row at all fails with nothing
   * stored. Run once per idempotency key: a retry (say, by a recovered saga) gets the first
   * reply, and a concurrent duplicate waits for the first to commit.
   */
  async import(
    request: ImportSpreadsheet,
    idempotencyKey?: string,
  ): Promise<SpreadsheetImportResult> {
    const content = Buffer.from(request.contentBase64, 'base64');
    // The key binds to the file's digest, not to megabytes of base64.
    const boundTo = {
      versionId: request.versionId,
      hospitalId: request.hospitalId,
      fileType: request.fileType,
      sha256: createHash('sha256').update(content).digest('hex'),
    };
    return runIdempotent(
      this.db,
      { command: 'schedule.importSpreadsheet', key: idempotencyKey, request: boundTo },
      async (trx) => {
        if (!(await this.hospitals.findById(trx, request.hospitalId))) {
          throw hospitalNotFound(request.hospitalId);
        }
        const parseStarted = performance.now();
        const parsed = await this.parse(content, request.fileType);
        const parseMs = performance.now() - parseStarted;
        const errors = capMessages(parsed.errors, parsed.errorCount);
        if (parsed.shifts.length === 0) {
          throw noValidRows(parsed.rowCount, errors.listed, errors.omitted);
        }
        await this.schedules.insertVersion(trx, {
          id: request.versionId,
          hospitalId: request.hospitalId,
          importId: request.importId,
          sourceFile: request.fileName,
          shiftCount: parsed.shifts.length,
        });
        const insertStarted = performance.now();
        await this.schedules.insertShifts(
          trx,
          request.versionId,
          parsed.sheet,
          parsed.shifts,
          this.config.SCHEDULE_INSERT_BATCH,
        );
        this.logger.info(
          {
            versionId: request.versionId,
            shifts: parsed.shifts.length,
            rowErrors: parsed.errorCount,
            parseMs: Math.round(parseMs),
            insertMs: Math.round(performance.now() - insertStarted),
          },
          'schedule spreadsheet stored',
        );
        const infos: ImportMessage[] = [
          {
            code: 'SCHEDULE_ROWS_IMPORTED',
            message: `${parsed.shifts.length} of ${parsed.rowCount} rows of sheet "${parsed.sheet}" imported`,
            sheet: parsed.sheet,
          },
          ...errors.note,
        ];
        return {
          scheduleVersionId: request.versionId,
          shiftCount: parsed.shifts.length,
          rowCount: parsed.rowCount,
          validation: { errors: errors.listed, warnings: [], infos },
        };
      },
    );
  }

  private async parse(content: Buffer, fileType: ImportSpreadsheet['fileType']) {
    try {
      return await this.parser.parse(content, fileType);
    } catch (error) {
      if (error instanceof UnreadableSpreadsheetError) throw fileUnreadable(error.finding);
      throw error;
    }
  }
}
