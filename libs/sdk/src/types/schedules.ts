/** Schedule imports, versions and hospitals (see types.ts). */
import type { PaginationMetadata } from './common.js';

export type ImportStatus = 'idle' | 'in_progress' | 'completed' | 'failed';

/** A finding about the spreadsheet; `sheet`, `row` (as a spreadsheet shows it) and `column` locate it. */
export interface ImportMessage {
  code: string;
  message: string;
  sheet?: string;
  row?: number;
  column?: string;
}

export interface ImportPhaseMessage extends ImportMessage {
  level: 'error' | 'warning' | 'info';
}

export interface ImportValidation {
  errors: ImportMessage[];
  warnings: ImportMessage[];
  infos: ImportMessage[];
}

export interface ScheduleImportPhase {
  name: 'spreadsheet' | 'roster' | 'coverage';
  critical: boolean;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  messages: ImportPhaseMessage[];
  startedAt: string | null;
  finishedAt: string | null;
}

/** GET /schedules/imports/:id */
export interface ScheduleImport {
  id: string;
  hospitalId: string;
  fileName: string;
  fileType: 'ods' | 'xlsx' | 'csv';
  /** without credentials or query; admin and main only (null for others) */
  rosterSourceUrl: string | null;
  /** the account that started the import; admin and main only (null for others) */
  startedBy: string | null;
  status: ImportStatus;
  phases: ScheduleImportPhase[];
  validation: ImportValidation;
  result: {
    scheduleVersionId: string | null;
    shiftCount: number | null;
    assignmentCount: number | null;
    coverageGapCount: number | null;
  };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface Hospital {
  id: string;
  name: string;
  city: string | null;
  /** where its staff roster is fetched from by default */
  rosterSourceUrl: string | null;
  createdAt: string;
}

export interface CreateHospitalInput {
  name: string;
  city?: string;
  rosterSourceUrl?: string;
}

export interface ImportScheduleInput {
  /** the spreadsheet (.ods, .xlsx or .csv) */
  file: Blob;
  fileName: string;
  hospitalId: string;
  rosterSourceUrl?: string;
}

/** A shift of a schedule version, with its assignments and coverage. */
export interface ScheduleShift {
  id: string;
  sheet: string;
  /** the row as a spreadsheet shows it */
  row: number;
  date: string;
  start: string;
  end: string;
  /** the end is on the next day */
  overnight: boolean;
  unit: string;
  shift: string;
  required: number;
  assignments: { id: string; doctorId: string; matchedBy: 'licenseNumber' | 'email' }[];
  coverage: { required: number; assigned: number; gap: number } | null;
}

export interface CoverageSummary {
  calculatedAt: string;
  required: number;
  assigned: number;
  byUnit: { required: number; assigned: number; unit: string }[];
  byDay: { required: number; assigned: number; date: string }[];
  /** shifts with fewer assigned than required (the first 500) */
  gaps: {
    required: number;
    assigned: number;
    shiftId: string;
    date: string;
    unit: string;
    shift: string;
    missing: number;
  }[];
  gapCount: number;
}

export interface ScheduleVersion {
  id: string;
  hospitalId: string;
  importId: string;
  status: 'DRAFT';
  sourceFile: string;
  shiftCount: number;
  assignmentCount: number;
  coverage: CoverageSummary | null;
  createdAt: string;
}

/** GET /schedules/versions/:id: the version and one page of its shifts */
export interface ScheduleVersionPage {
  version: ScheduleVersion;
  data: ScheduleShift[];
  meta: PaginationMetadata;
}

/** POST /schedules/versions/:id/coverage: the recalculated totals */
export interface CoverageResult {
  scheduleVersionId: string;
  required: number;
  assigned: number;
  gapCount: number;
  calculatedAt: string;
  validation: ImportValidation;
}
