import { z } from 'zod';
import { defineRpc } from '../common/define';
import { DateOnly, Timestamp, Uuid } from '../common/fields';
import { PaginationMetadata, PaginationQuery } from '../common/pagination';

/**
 * One finding of an import phase. Row findings name the sheet, the row as a spreadsheet
 * shows it (the header is row 1) and the column.
 */
export const ImportMessage = z.object({
  code: z.string(),
  message: z.string(),
  sheet: z.string().optional(),
  row: z.number().int().min(1).optional(),
  column: z.string().optional(),
});
export type ImportMessage = z.infer<typeof ImportMessage>;

export const ValidationResult = z.object({
  errors: z.array(ImportMessage),
  warnings: z.array(ImportMessage),
  infos: z.array(ImportMessage),
});
export type ValidationResult = z.infer<typeof ValidationResult>;

export const SCHEDULE_FILE_TYPES = ['ods', 'xlsx', 'csv'] as const;
export const ScheduleFileType = z.enum(SCHEDULE_FILE_TYPES);
export type ScheduleFileType = z.infer<typeof ScheduleFileType>;

/** An http(s) URL; whether its host may be fetched is the fetching service's allow-list's call. */
export const RosterSourceUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
  .max(2_000);

/**
 * A roster URL as reads show it: scheme, host, port and path, never its credentials, query or
 * fragment (where access keys usually ride). Unparseable text shows as nothing.
 */
export function redactRosterUrl(url: string): string {
  try {
    const { protocol, host, pathname } = new URL(url);
    return `${protocol}//${host}${pathname}`;
  } catch {
    return '';
  }
}

const Time = z.string().regex(/^\d{2}:\d{2}$/);

export const ShiftCoverage = z.object({
  required: z.number().int(),
  assigned: z.number().int(),
  gap: z.number().int(),
});

export const ScheduleAssignment = z.object({
  id: Uuid,
  doctorId: Uuid,
  matchedBy: z.enum(['licenseNumber', 'email']),
});

export const ScheduleShift = z.object({
  id: Uuid,
  sheet: z.string(),
  row: z.number().int(),
  date: DateOnly,
  start: Time,
  end: Time,
  /** the end is on the next day */
  overnight: z.boolean(),
  unit: z.string(),
  shift: z.string(),
  required: z.number().int(),
  assignments: z.array(ScheduleAssignment),
  coverage: ShiftCoverage.nullable(),
});
export type ScheduleShift = z.infer<typeof ScheduleShift>;

const CoverageLine = z.object({ required: z.number().int(), assigned: z.number().int() });
export const CoverageSummary = z.object({
  calculatedAt: Timestamp,
  required: z.number().int(),
  assigned: z.number().int(),
  byUnit: z.array(CoverageLine.extend({ unit: z.string() })),
  byDay: z.array(CoverageLine.extend({ date: DateOnly })),
  /** shifts with fewer assigned than required (the first 500) */
  gaps: z.array(
    CoverageLine.extend({
      shiftId: Uuid,
      date: DateOnly,
      unit: z.string(),
      shift: z.string(),
      missing: z.number().int(),
    }),
  ),
  gapCount: z.number().int(),
});
export type CoverageSummary = z.infer<typeof CoverageSummary>;

export const ScheduleVersion = z.object({
  id: Uuid,
  hospitalId: Uuid,
  importId: Uuid,
  status: z.enum(['DRAFT']),
  sourceFile: z.string(),
  shiftCount: z.number().int(),
  assignmentCount: z.number().int(),
  coverage: CoverageSummary.nullable(),
  createdAt: Timestamp,
});
export type ScheduleVersion = z.infer<typeof ScheduleVersion>;

export const SpreadsheetImportResult = z.object({
  scheduleVersionId: Uuid,
  shiftCount: z.number().int(),
  rowCount: z.number().int(),
  validation: ValidationResult,
});
export type SpreadsheetImportResult = z.infer<typeof SpreadsheetImportResult>;

export const RosterImportResult = z.object({
  /** no roster source for the hospital (nor one given with the import) */
  skipped: z.boolean(),
  sourceUrl: z.string().nullable(),
  assignmentCount: z.number().int(),
  unmatchedCount: z.number().int(),
  validation: ValidationResult,
});
export type RosterImportResult = z.infer<typeof RosterImportResult>;

export const CoverageResult = z.object({
  scheduleVersionId: Uuid,
  required: z.number().int(),
  assigned: z.number().int(),
  gapCount: z.number().int(),
  calculatedAt: Timestamp,
  validation: ValidationResult,
});
export type CoverageResult = z.infer<typeof CoverageResult>;

export const scheduleRpc = {
  /**
   * Phase 1: parses the file and stores a DRAFT version with its valid rows, in one
   * transaction. No valid row (or an unreadable file, or one too large to read):
   * SCHEDULE_NO_VALID_ROWS / SCHEDULE_FILE_UNREADABLE / SCHEDULE_FILE_TOO_LARGE (422), nothing
   * stored, the row errors in `details.errors`.
   */
  importSpreadsheet: defineRpc('directory.schedule.importSpreadsheet', {
    request: z
      .object({
        versionId: Uuid,
        importId: Uuid,
        hospitalId: Uuid,
        fileName: z.string().min(1).max(255),
        fileType: ScheduleFileType,
        contentBase64: z.string().min(1),
      })
      .strict(),
    response: SpreadsheetImportResult,
  }),
  /** Compensation of phase 1 (idempotent). */
  deleteVersion: defineRpc('directory.schedule.deleteVersion', {
    request: z.object({ id: Uuid }).strict(),
    response: z.object({ deleted: z.boolean() }),
  }),
  /** Phase 2: fetches the roster (the given source, else the hospital's) and stores the matched assignments. */
  importRoster: defineRpc('directory.schedule.importRoster', {
    request: z.object({ versionId: Uuid, sourceUrl: RosterSourceUrl.optional() }).strict(),
    response: RosterImportResult,
  }),
  /** Phase 3, and POST /schedules/versions/:id/coverage: required vs assigned, recalculated. */
  calculateCoverage: defineRpc('directory.schedule.calculateCoverage', {
    request: z.object({ versionId: Uuid }).strict(),
    response: CoverageResult,
  }),
  getVersion: defineRpc('directory.schedule.getVersion', {
    request: PaginationQuery.extend({ id: Uuid }).strict(),
    /** the version, and one page of its shifts (by date, start, unit) */
    response: z.object({
      version: ScheduleVersion,
      data: z.array(ScheduleShift),
      meta: PaginationMetadata,
    }),
  }),
};

export const ScheduleErrorCode = {
  FileUnreadable: 'SCHEDULE_FILE_UNREADABLE',
  /** past what an import may cost to read: unzipped size, cells, rows, memory or time */
  FileTooLarge: 'SCHEDULE_FILE_TOO_LARGE',
  NoValidRows: 'SCHEDULE_NO_VALID_ROWS',
  VersionNotFound: 'SCHEDULE_VERSION_NOT_FOUND',
  /** ROSTER_SOURCE_ALLOW is empty: roster fetching is off */
  RosterFetchDisabled: 'ROSTER_FETCH_DISABLED',
  RosterHostNotAllowed: 'ROSTER_HOST_NOT_ALLOWED',
  /** the host resolves to a loopback, private, link-local or metadata address no entry names */
  RosterAddressNotAllowed: 'ROSTER_ADDRESS_NOT_ALLOWED',
  RosterUnreachable: 'ROSTER_UNREACHABLE',
  RosterTimeout: 'ROSTER_TIMEOUT',
  RosterMalformed: 'ROSTER_MALFORMED',
} as const;
