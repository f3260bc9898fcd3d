import { scheduleRpc, type ScheduleFileType } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import type { RpcClient } from '@medicalink/messaging';
import type { Kysely } from '@medicalink/persistence';
import type { SagaDefinition, StepContext } from '@medicalink/saga';
import { reportingPhase } from './import-phase-progress';
import { ScheduleImportsRepository } from './schedule-imports.repository';
import type { OrchestratorDatabase } from './schedule-imports.schema';

/** What the journal keeps of an import: ids and names, never the file (see schedule_imports). */
export interface ScheduleImportInput {
  importId: string;
  hospitalId: string;
  /** chosen before phase 1, so its compensation knows what to delete even after a timeout */
  versionId: string;
  fileName: string;
  fileType: ScheduleFileType;
  rosterSourceUrl?: string;
}

export const SCHEDULE_IMPORT = { type: 'schedule-import', version: 1 } as const;

export interface ScheduleImportSagaDeps {
  rpc: RpcClient;
  db: Kysely<OrchestratorDatabase>;
  phaseTimeoutMs: number;
}

/**
 * A schedule import as a saga: spreadsheet (critical) -> roster (non-critical) -> coverage
 * (non-critical) -> releaseUpload. Each phase is one RPC to provider-directory, which owns
 * schedules, under the step's idempotency key `<importId>:<phase>`: a phase a recovered saga
 * repeats is answered from the first run, never applied twice. Only a phase 1 failure is
 * compensated (the version deleted, the upload dropped).
 */
export function scheduleImportSaga({
  rpc,
  db,
  phaseTimeoutMs,
}: ScheduleImportSagaDeps): SagaDefinition<ScheduleImportInput> {
  const imports = new ScheduleImportsRepository();
  // The engine retries steps itself; the client must not retry underneath it.
  const call = (ctx: StepContext<ScheduleImportInput>) => ({
    idempotencyKey: ctx.idempotencyKey,
    timeoutMs: ctx.timeoutMs,
    retries: 0,
  });
  return {
    ...SCHEDULE_IMPORT,
    // one import at a time per hospital (the service checks first, to name the running one)
    businessKey: (input) => input.hospitalId,
    steps: [
      {
        name: 'spreadsheet',
        timeoutMs: phaseTimeoutMs,
        invoke: reportingPhase(db, 'spreadsheet', async (ctx) => {
          const upload = await imports.upload(db, ctx.input.importId);
          if (!upload) {
            throw new DomainError(
              'SCHEDULE_UPLOAD_MISSING',
              `The uploaded file of import ${ctx.input.importId} is no longer stored`,
              410,
            );
          }
          return rpc.call(
            scheduleRpc.importSpreadsheet,
            {
              versionId: ctx.input.versionId,
              importId: ctx.input.importId,
              hospitalId: ctx.input.hospitalId,
              fileName: ctx.input.fileName,
              fileType: ctx.input.fileType,
              contentBase64: upload.toString('base64'),
            },
            call(ctx),
          );
        }),
        compensate: async (ctx) => {
          await rpc.call(scheduleRpc.deleteVersion, { id: ctx.input.versionId }, call(ctx));
          await imports.releaseUpload(db, ctx.input.importId);
        },
      },
      {
        name: 'roster',
        critical: false,
        timeoutMs: phaseTimeoutMs,
        retry: { maxAttempts: 2 },
        invoke: reportingPhase(db, 'roster', (ctx) =>
          rpc.call(
            scheduleRpc.importRoster,
            {
              versionId: ctx.input.versionId,
              ...(ctx.input.rosterSourceUrl ? { sourceUrl: ctx.input.rosterSourceUrl } : {}),
            },
            call(ctx),
          ),
        ),
      },
      {
        name: 'coverage',
        critical: false,
        timeoutMs: phaseTimeoutMs,
        invoke: reportingPhase(db, 'coverage', (ctx) =>
          rpc.call(scheduleRpc.calculateCoverage, { versionId: ctx.input.versionId }, call(ctx)),
        ),
      },
      {
        name: 'releaseUpload',
        critical: false,
        invoke: async (ctx) => {
          await imports.releaseUpload(db, ctx.input.importId);
          return { released: true };
        },
      },
    ],
  };
}
