import { createHash, randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  DirectoryErrorCode,
  hospitalRpc,
  paginationMetadata,
  type PaginatedResponse,
  type ScheduleImportStatus,
  type ScheduleImportView,
  type StartScheduleImportCommand,
} from '@medicalink/contracts';
import { RpcClient, RpcError } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import { requestHash, type Kysely } from '@medicalink/persistence';
import { APP_LOGGER, DATABASE } from '@medicalink/runtime';
import { nameBasedUuid, SagaConflictError, SagaEngine } from '@medicalink/saga';
import { SagaDefinitions } from '../sagas/saga-definitions';
import type { ScheduleImportInput } from './schedule-import.saga';
import { toScheduleImportView } from './schedule-import-view';
import {
  idempotencyKeyReused,
  importInProgress,
  importNotFound,
  unknownHospital,
} from './schedule-imports.errors';
import { ScheduleImportsRepository, type ImportRow } from './schedule-imports.repository';
import type { OrchestratorDatabase } from './schedule-imports.schema';

/** An accepted import whose saga is still not created after this long is started by the sweep. */
const STRANDED_AFTER_MS = 10_000;
const SWEEP_INTERVAL_MS = 5_000;

/**
 * Schedule imports: accepts an upload (stored once, in this service's database), runs the
 * import saga in the background, and answers the import's status from the journal.
 */
@Injectable()
export class ScheduleImportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private sweeper: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<OrchestratorDatabase>,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly imports: ScheduleImportsRepository,
    private readonly engine: SagaEngine,
    private readonly definitions: SagaDefinitions,
    private readonly rpc: RpcClient,
  ) {}

  /**
   * The import is named after the idempotency key (the gateway scopes it to the caller: same
   * caller and key, same import) and bound to what the request asked, the file by its sha256:
   * a repeat answers the first import, the key with another request 422. A hospital with an
   * unfinished import is refused with that import's id. The saga starts once the upload is
   * committed; the reply does not wait for it.
   */
  async start(
    command: StartScheduleImportCommand,
    idempotencyKey: string | undefined,
  ): Promise<{ importId: string; status: ScheduleImportStatus }> {
    const importId = idempotencyKey
      ? nameBasedUuid(`schedule-import:${idempotencyKey}`)
      : randomUUID();
    const upload = Buffer.from(command.contentBase64, 'base64');
    const hash = importRequestHash(command, upload);
    const earlier = await this.imports.find(this.db, importId);
    if (earlier) return this.repeated(earlier, command, hash);
    await this.requireHospital(command.hospitalId);
    const raced = await this.db.transaction().execute(async (trx) => {
      await this.imports.lockHospital(trx, command.hospitalId);
      const concurrent = await this.imports.find(trx, importId);
      if (concurrent) return concurrent;
      const unfinished = await this.imports.unfinished(trx, command.hospitalId);
      if (unfinished) throw importInProgress(command.hospitalId, unfinished.id);
      await this.imports.insert(trx, {
        id: importId,
        hospital_id: command.hospitalId,
        file_name: command.fileName,
        file_type: command.fileType,
        file_bytes: upload.length,
        roster_source_url: command.rosterSourceUrl ?? null,
        request_hash: hash,
        started_by: command.startedBy,
        upload,
      });
      return undefined;
    });
    if (raced) return this.repeated(raced, command, hash);
    this.run(this.inputOf(importId, command));
    return { importId, status: 'idle' };
  }

  /** A repeat of an idempotency key: the first import, if the request is the same. */
  private async repeated(
    earlier: ImportRow,
    command: StartScheduleImportCommand,
    hash: string,
  ): Promise<{ importId: string; status: ScheduleImportStatus }> {
    const same =
      earlier.request_hash === null
        ? earlier.hospital_id === command.hospitalId // accepted before requests were hashed
        : earlier.request_hash === hash;
    if (!same) throw idempotencyKeyReused();
    return { importId: earlier.id, status: (await this.view(earlier)).status };
  }

  async get(id: string): Promise<ScheduleImportView> {
    const row = await this.imports.find(this.db, id);
    if (!row) throw importNotFound(id);
    return this.view(row);
  }

  async list(
    hospitalId: string | undefined,
    page: number,
    limit: number,
  ): Promise<PaginatedResponse<ScheduleImportView>> {
    const { rows, total } = await this.imports.page(this.db, hospitalId, page, limit);
    return {
      data: await Promise.all(rows.map((row) => this.view(row))),
      meta: paginationMetadata(page, limit, total),
    };
  }

  /** Starts the sagas of imports whose accepting instance died before it could. */
  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.startStranded(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.running]);
  }

  private async view(row: ImportRow): Promise<ScheduleImportView> {
    return toScheduleImportView(row, await this.engine.get(row.id));
  }

  private async requireHospital(hospitalId: string): Promise<void> {
    try {
      await this.rpc.call(hospitalRpc.get, { id: hospitalId });
    } catch (error) {
      if (
        error instanceof RpcError &&
        error.envelope.code === DirectoryErrorCode.HospitalNotFound
      ) {
        throw unknownHospital(hospitalId);
      }
      throw error;
    }
  }

  private inputOf(
    importId: string,
    source: {
      hospitalId: string;
      fileName: string;
      fileType: ScheduleImportInput['fileType'];
      rosterSourceUrl?: string | undefined;
    },
  ): ScheduleImportInput {
    return {
      importId,
      hospitalId: source.hospitalId,
      versionId: nameBasedUuid(`${importId}:version`),
      fileName: source.fileName,
      fileType: source.fileType,
      ...(source.rosterSourceUrl ? { rosterSourceUrl: source.rosterSourceUrl } : {}),
    };
  }

  /** Drives the import's saga in the background; its outcome is read from the journal. */
  private run(input: ScheduleImportInput): void {
    const outcome = this.engine
      .start(this.definitions.get('scheduleImport'), input, { sagaId: input.importId })
      .then((done) => {
        this.logger.info(
          { importId: input.importId, hospitalId: input.hospitalId, state: done.state },
          'schedule import ended',
        );
      })
      .catch((error: unknown) => {
        if (error instanceof SagaConflictError) return; // started by another instance meanwhile
        // Interrupted (lease or journal lost): recovery finishes it. Anything else is logged.
        this.logger.warn(
          { importId: input.importId, err: error },
          'schedule import not driven to its end here',
        );
      })
      .finally(() => this.running.delete(outcome));
    this.running.add(outcome);
  }

  private async startStranded(): Promise<void> {
    try {
      const stranded = await this.imports.stranded(this.db, STRANDED_AFTER_MS, 10);
      for (const row of stranded) {
        this.logger.warn(
          { importId: row.id },
          'starting a schedule import its instance never started',
        );
        this.run(
          this.inputOf(row.id, {
            hospitalId: row.hospital_id,
            fileName: row.file_name,
            fileType: row.file_type,
            rosterSourceUrl: row.roster_source_url ?? undefined,
          }),
        );
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'looking for stranded schedule imports failed');
    }
  }
}

/** What an import request asked, the file by its sha256 (the bytes are not kept past the import). */
function importRequestHash(command: StartScheduleImportCommand, upload: Buffer): string {
  return requestHash({
    hospitalId: command.hospitalId,
    rosterSourceUrl: command.rosterSourceUrl ?? null,
    fileName: command.fileName,
    fileType: command.fileType,
    fileSha256: createHash('sha256').update(upload).digest('hex'),
  });
}
