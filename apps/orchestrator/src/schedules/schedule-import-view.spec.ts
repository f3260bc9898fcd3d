import { describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_MESSAGES } from '@medicalink/errors';
import type { SagaRecord, SagaStepRecord } from '@medicalink/saga';
import { toScheduleImportView } from './schedule-import-view';
import type { ImportRow } from './schedule-imports.repository';

const row: ImportRow = {
  id: '00000000-0000-4000-8000-000000000001',
  hospital_id: '00000000-0000-4000-8000-000000000002',
  file_name: 'march.csv',
  file_type: 'csv',
  file_bytes: 100,
  roster_source_url: null,
  request_hash: null,
  started_by: '00000000-0000-4000-8000-000000000009',
  created_at: new Date('2026-03-01T10:00:00.000Z'),
};
const VERSION = '00000000-0000-4000-8000-000000000003';

function step(name: string, overrides: Partial<SagaStepRecord> = {}): SagaStepRecord {
  return {
    name,
    state: 'pending',
    attempts: 0,
    compensationAttempts: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
    result: null,
    ...overrides,
  };
}

function saga(state: SagaRecord['state'], steps: SagaStepRecord[]): SagaRecord {
  return {
    id: row.id,
    type: 'schedule-import',
    version: 1,
    state,
    businessKey: row.hospital_id,
    input: {},
    results: {},
    failure: null,
    flagged: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    createdAt: '2026-03-01T10:00:01.000Z',
    updatedAt: '2026-03-01T10:00:03.500Z',
    steps,
  };
}

const validation = (infos: string[] = []) => ({
  errors: [],
  warnings: [],
  infos: infos.map((code) => ({ code, message: code })),
});

describe('toScheduleImportView', () => {
  it('shows who started the import, and its roster URL without credentials, query or fragment', () => {
    const view = toScheduleImportView(
      { ...row, roster_source_url: 'https://u:pw@rosters.example.org:8443/h/1.json?key=s3cr3t#x' },
      null,
    );

    expect(view).toMatchObject({
      startedBy: '00000000-0000-4000-8000-000000000009',
      rosterSourceUrl: 'https://rosters.example.org:8443/h/1.json',
    });
  });

  it('is idle, every phase pending, before its saga exists', () => {
    const view = toScheduleImportView(row, null);
    expect(view).toMatchObject({
      status: 'idle',
      startedAt: null,
      finishedAt: null,
      durationMs: null,
    });
    expect(view.phases.map((p) => p.state)).toEqual(['pending', 'pending', 'pending']);
  });

  it('shows a running phase while the saga runs', () => {
    const view = toScheduleImportView(
      row,
      saga('running', [
        step('spreadsheet', { state: 'started', startedAt: '2026-03-01T10:00:01.000Z' }),
      ]),
    );
    expect(view.status).toBe('in_progress');
    expect(view.phases.map((p) => p.state)).toEqual(['running', 'pending', 'pending']);
  });

  it('merges messages of every phase and reports a skipped roster and a failed coverage as warnings', () => {
    const view = toScheduleImportView(
      row,
      saga('completed', [
        step('spreadsheet', {
          state: 'completed',
          result: {
            scheduleVersionId: VERSION,
            shiftCount: 8,
            rowCount: 9,
            validation: {
              errors: [
                {
                  code: 'SCHEDULE_INVALID_CELL',
                  message: 'bad',
                  sheet: 'S',
                  row: 3,
                  column: 'date (A)',
                },
              ],
              warnings: [],
              infos: [{ code: 'SCHEDULE_ROWS_IMPORTED', message: '8 of 9' }],
            },
          },
        }),
        step('roster', {
          state: 'completed',
          result: {
            skipped: true,
            sourceUrl: null,
            assignmentCount: 0,
            unmatchedCount: 0,
            validation: validation(['ROSTER_NO_SOURCE']),
          },
        }),
        step('coverage', {
          state: 'failed',
          error: { code: 'INJECTED_FAULT', message: 'boom', status: 500, retryable: false },
        }),
        step('releaseUpload', { state: 'completed', result: { released: true } }),
      ]),
    );

    expect(view.status).toBe('completed');
    expect(view.phases.map((p) => p.state)).toEqual(['succeeded', 'skipped', 'failed']);
    expect(view.validation).toEqual({
      errors: [
        { code: 'SCHEDULE_INVALID_CELL', message: 'bad', sheet: 'S', row: 3, column: 'date (A)' },
      ],
      warnings: [{ code: 'INJECTED_FAULT', message: INTERNAL_ERROR_MESSAGES.default }],
      infos: [
        { code: 'SCHEDULE_ROWS_IMPORTED', message: '8 of 9' },
        { code: 'ROSTER_NO_SOURCE', message: 'ROSTER_NO_SOURCE' },
      ],
    });
    expect(view.result).toEqual({
      scheduleVersionId: VERSION,
      shiftCount: 8,
      assignmentCount: 0,
      coverageGapCount: null,
    });
    expect(view.durationMs).toBe(2_500);
  });

  it('fails with the row errors of a compensated phase 1, the others skipped', () => {
    const view = toScheduleImportView(
      row,
      saga('compensated', [
        step('spreadsheet', {
          state: 'compensated',
          error: {
            code: 'SCHEDULE_NO_VALID_ROWS',
            message: 'none valid',
            status: 422,
            retryable: false,
            details: { errors: [{ code: 'SCHEDULE_INVALID_CELL', message: 'x', row: 2 }] },
          },
        }),
        step('roster'),
        step('coverage'),
        step('releaseUpload'),
      ]),
    );

    expect(view.status).toBe('failed');
    expect(view.phases.map((p) => p.state)).toEqual(['failed', 'skipped', 'skipped']);
    expect(view.validation.errors.map((e) => e.code)).toEqual([
      'SCHEDULE_NO_VALID_ROWS',
      'SCHEDULE_INVALID_CELL',
    ]);
    expect(view.result.scheduleVersionId).toBeNull();
  });

  it("shows a phase that failed inside a service with a generic message, never the service's error text", () => {
    const view = toScheduleImportView(
      row,
      saga('compensated', [
        step('spreadsheet', {
          state: 'compensated',
          error: {
            code: 'INTERNAL_ERROR',
            message: 'relation "schedule_versions" does not exist',
            status: 500,
            retryable: false,
            details: { errors: [{ code: 'PG', message: 'at 10.0.0.7:5432' }] },
          },
        }),
        step('roster'),
        step('coverage'),
        step('releaseUpload'),
      ]),
    );

    expect(view.phases[0]?.messages).toEqual([
      { level: 'error', code: 'INTERNAL_ERROR', message: INTERNAL_ERROR_MESSAGES.default },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/schedule_versions|5432/);
  });
});
