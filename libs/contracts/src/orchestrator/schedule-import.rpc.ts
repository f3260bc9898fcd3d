import { z } from 'zod';
import { defineRpc } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';
import { PaginatedResponse, PaginationQuery } from '../common/pagination';
import {
  ImportMessage,
  RosterSourceUrl,
  ScheduleFileType,
  ValidationResult,
} from '../directory/schedule.rpc';

export const ScheduleImportStatus = z.enum(['idle', 'in_progress', 'completed', 'failed']);
export type ScheduleImportStatus = z.infer<typeof ScheduleImportStatus>;

export const SCHEDULE_IMPORT_PHASES = ['spreadsheet', 'roster', 'coverage'] as const;
export const ScheduleImportPhaseName = z.enum(SCHEDULE_IMPORT_PHASES);

export const PhaseState = z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']);
export type PhaseState = z.infer<typeof PhaseState>;

export const ScheduleImportPhase = z.object({
  name: ScheduleImportPhaseName,
  /** a critical phase's failure fails the import; a non-critical one's is a warning */
  critical: z.boolean(),
  state: PhaseState,
  messages: z.array(ImportMessage.extend({ level: z.enum(['error', 'warning', 'info']) })),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type ScheduleImportPhase = z.infer<typeof ScheduleImportPhase>;

export const ScheduleImportView = z.object({
  id: Uuid,
  hospitalId: Uuid,
  fileName: z.string(),
  fileType: ScheduleFileType,
  /**
   * the roster source given with the import, without credentials, query or fragment; HTTP
   * shows it to admin and main only (null for others)
   */
  rosterSourceUrl: z.string().nullable(),
  /**
   * the account that started the import; HTTP shows it to admin and main only (null for
   * others, and for imports from before it was recorded)
   */
  startedBy: Uuid.nullable(),
  status: ScheduleImportStatus,
  phases: z.array(ScheduleImportPhase),
  /** every phase's findings merged */
  validation: ValidationResult,
  result: z.object({
    scheduleVersionId: Uuid.nullable(),
    shiftCount: z.number().int().nullable(),
    assignmentCount: z.number().int().nullable(),
    coverageGapCount: z.number().int().nullable(),
  }),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  durationMs: z.number().int().nullable(),
});
export type ScheduleImportView = z.infer<typeof ScheduleImportView>;

export const StartScheduleImportCommand = z
  .object({
    hospitalId: Uuid,
    rosterSourceUrl: RosterSourceUrl.optional(),
    /** the account starting the import (the gateway's caller) */
    startedBy: Uuid,
    fileName: z.string().min(1).max(255),
    fileType: ScheduleFileType,
    contentBase64: z.string().min(1),
  })
  .strict();
export type StartScheduleImportCommand = z.infer<typeof StartScheduleImportCommand>;

export const scheduleImportRpc = {
  /**
   * Stores the upload and starts the import saga without waiting for it. The call's
   * idempotency key names the import: the same key gives the same import. A hospital with
   * an import in progress: SCHEDULE_IMPORT_IN_PROGRESS (409, `details.importId`).
   */
  start: defineRpc('orchestrator.scheduleImport.start', {
    request: StartScheduleImportCommand,
    response: z.object({ importId: Uuid, status: ScheduleImportStatus }),
  }),
  get: defineRpc('orchestrator.scheduleImport.get', {
    request: z.object({ id: Uuid }).strict(),
    response: ScheduleImportView,
  }),
  /** latest first */
  list: defineRpc('orchestrator.scheduleImport.list', {
    request: PaginationQuery.extend({ hospitalId: Uuid.optional() }).strict(),
    response: PaginatedResponse(ScheduleImportView),
  }),
};

export const ScheduleImportErrorCode = {
  InProgress: 'SCHEDULE_IMPORT_IN_PROGRESS',
  NotFound: 'SCHEDULE_IMPORT_NOT_FOUND',
} as const;
