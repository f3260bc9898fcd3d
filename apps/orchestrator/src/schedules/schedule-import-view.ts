import {
  CoverageResult,
  ImportMessage,
  redactRosterUrl,
  RosterImportResult,
  SCHEDULE_IMPORT_PHASES,
  SpreadsheetImportResult,
  type PhaseState,
  type ScheduleImportPhase,
  type ScheduleImportStatus,
  type ScheduleImportView,
  type ValidationResult,
} from '@medicalink/contracts';
import { maskInternalError } from '@medicalink/errors';
import type { SagaRecord, SagaStepRecord } from '@medicalink/saga';
import { z } from 'zod';
import type { ImportRow } from './schedule-imports.repository';

type Level = ScheduleImportPhase['messages'][number]['level'];
type PhaseName = (typeof SCHEDULE_IMPORT_PHASES)[number];

const CRITICAL: Record<PhaseName, boolean> = { spreadsheet: true, roster: false, coverage: false };
const RESULT_SCHEMAS = {
  spreadsheet: SpreadsheetImportResult,
  roster: RosterImportResult,
  coverage: CoverageResult,
};
const RowErrors = z.object({ errors: z.array(ImportMessage) }).partial();

/**
 * An import as GET /schedules/imports/:id shows it, computed from its row and its saga's
 * journal (null: accepted, the saga not created yet).
 */
export function toScheduleImportView(row: ImportRow, saga: SagaRecord | null): ScheduleImportView {
  const status = importStatus(saga);
  const phases = SCHEDULE_IMPORT_PHASES.map((name) =>
    phaseView(
      name,
      saga?.steps.find((step) => step.name === name),
      status,
    ),
  );
  const validation: ValidationResult = { errors: [], warnings: [], infos: [] };
  for (const phase of phases) {
    for (const { level, ...message } of phase.messages) {
      const bucket = level === 'error' ? 'errors' : level === 'warning' ? 'warnings' : 'infos';
      validation[bucket].push(message);
    }
  }
  const spreadsheet = result(saga, 'spreadsheet');
  const roster = result(saga, 'roster');
  const coverage = result(saga, 'coverage');
  const ended = status === 'completed' || status === 'failed';
  const startedAt = saga?.createdAt ?? null;
  const finishedAt = ended && saga ? saga.updatedAt : null;
  return {
    id: row.id,
    hospitalId: row.hospital_id,
    fileName: row.file_name,
    fileType: row.file_type,
    rosterSourceUrl: row.roster_source_url === null ? null : redactRosterUrl(row.roster_source_url),
    startedBy: row.started_by,
    status,
    phases,
    validation,
    result: {
      scheduleVersionId: status === 'failed' ? null : (spreadsheet?.scheduleVersionId ?? null),
      shiftCount: spreadsheet?.shiftCount ?? null,
      assignmentCount: roster?.assignmentCount ?? null,
      coverageGapCount: coverage?.gapCount ?? null,
    },
    createdAt: row.created_at.toISOString(),
    startedAt,
    finishedAt,
    durationMs: startedAt && finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : null,
  };
}

function importStatus(saga: SagaRecord | null): ScheduleImportStatus {
  if (!saga) return 'idle';
  if (saga.state === 'completed') return 'completed';
  if (saga.state === 'running' || saga.state === 'compensating') return 'in_progress';
  return 'failed';
}

function phaseView(
  name: PhaseName,
  step: SagaStepRecord | undefined,
  status: ScheduleImportStatus,
): ScheduleImportPhase {
  const base = {
    name,
    critical: CRITICAL[name],
    startedAt: step?.startedAt ?? null,
    finishedAt: step?.finishedAt ?? null,
  };
  if (!step || step.state === 'pending') {
    return { ...base, state: status === 'failed' ? 'skipped' : 'pending', messages: [] };
  }
  if (step.state === 'started') return { ...base, state: 'running', messages: [] };
  const parsed = RESULT_SCHEMAS[name].safeParse(step.result);
  if (step.state === 'completed' && parsed.success) {
    const data = parsed.data;
    const skipped = 'skipped' in data && data.skipped;
    return {
      ...base,
      state: skipped ? 'skipped' : 'succeeded',
      messages: leveled(data.validation),
    };
  }
  // failed, or compensated after failing (phase 1), or compensated after a later failure
  const state: PhaseState = step.error ? 'failed' : 'succeeded';
  const messages: ScheduleImportPhase['messages'] = [];
  if (step.error) {
    // The journal holds a 5xx masked already; one journaled before that is masked here.
    const error = maskInternalError(step.error);
    const level: Level = CRITICAL[name] ? 'error' : 'warning';
    messages.push({ level, code: error.code, message: error.message });
    const rows = RowErrors.safeParse(error.details ?? {});
    for (const finding of rows.success ? (rows.data.errors ?? []) : []) {
      if (finding.message !== error.message) messages.push({ level, ...finding });
    }
  }
  return { ...base, state, messages };
}

function leveled(validation: ValidationResult): ScheduleImportPhase['messages'] {
  return [
    ...validation.errors.map((m) => ({ level: 'error' as const, ...m })),
    ...validation.warnings.map((m) => ({ level: 'warning' as const, ...m })),
    ...validation.infos.map((m) => ({ level: 'info' as const, ...m })),
  ];
}

function result<K extends PhaseName>(
  saga: SagaRecord | null,
  name: K,
): z.infer<(typeof RESULT_SCHEMAS)[K]> | undefined {
  const step = saga?.steps.find((candidate) => candidate.name === name);
  if (step?.state !== 'completed') return undefined;
  const parsed = RESULT_SCHEMAS[name].safeParse(step.result);
  return parsed.success ? (parsed.data as z.infer<(typeof RESULT_SCHEMAS)[K]>) : undefined;
}
