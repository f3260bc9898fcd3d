import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  hospitalRpc,
  scheduleImportRpc,
  scheduleRpc,
  type ScheduleFileType,
  type ScheduleImportView,
} from '@medicalink/contracts';
import { RpcError } from '@medicalink/messaging';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import {
  createTestNamespace,
  eventually,
  repoRoot,
  rpcFailure,
  scheduleFile,
  SHIFT_HEADER,
  startRosterServer,
  type RosterServer,
} from '@medicalink/testing';
import { createDoctor, faults, startOrchestratorStack, type OrchestratorStack } from './support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'simport');
const FIXTURES = join(repoRoot(), 'apps/provider-directory/test/fixtures');
const sample = (kind: ScheduleFileType) => readFileSync(join(FIXTURES, `schedule-sample.${kind}`));
let stack: OrchestratorStack;
let roster: RosterServer;
let directoryDb: Kysely<{ schedule_versions: { id: string; import_id: string } }>;
let licenses: string[];
const STARTED_BY = randomUUID();

beforeAll(async () => {
  roster = await startRosterServer();
  stack = await startOrchestratorStack(namespace, {
    // The first coverage calculation fails (phase 3's failure case runs first, below).
    participantEnv: {
      directory: {
        ...faults({ pattern: 'directory.schedule.calculateCoverage', mode: 'error', times: 1 }),
        SCHEDULE_ROSTER_TIMEOUT_MS: '800',
        ROSTER_SOURCE_ALLOW: `127.0.0.1:${roster.port}`,
      },
    },
    clientTimeoutMs: 30_000,
  });
  directoryDb = createDatabase(
    databaseUrl(infrastructure.postgresUrl, namespace.database('directory')),
  );
  licenses = await Promise.all(
    [1, 2].map(async () => (await createDoctor(stack.client)).doctor.licenseNumber),
  );
  roster.route('/good.json', {
    body: JSON.stringify([
      { date: '2026-03-02', unit: 'ICU', shift: 'Day', licenseNumber: licenses[0] },
      { date: '2026-03-02', unit: 'ICU', shift: 'Day', licenseNumber: licenses[1] },
      { date: '2026-03-02', unit: 'ICU', shift: 'Night', licenseNumber: licenses[0] },
    ]),
  });
}, 90_000);

afterAll(async () => {
  await directoryDb?.destroy();
  await stack?.stop();
  await roster?.close();
});

const newHospital = (rosterSourceUrl?: string) =>
  stack.client.rpc.call(hospitalRpc.create, {
    name: `Hospital ${randomUUID().slice(0, 8)}`,
    ...(rosterSourceUrl ? { rosterSourceUrl } : {}),
  });

function startImport(
  hospitalId: string,
  content: Buffer,
  fileType: ScheduleFileType,
  options: { rosterSourceUrl?: string; idempotencyKey?: string } = {},
) {
  return stack.client.rpc.call(
    scheduleImportRpc.start,
    {
      hospitalId,
      startedBy: STARTED_BY,
      fileName: `march.${fileType}`,
      fileType,
      contentBase64: content.toString('base64'),
      ...(options.rosterSourceUrl ? { rosterSourceUrl: options.rosterSourceUrl } : {}),
    },
    options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {},
  );
}

const getImport = (id: string) => stack.client.rpc.call(scheduleImportRpc.get, { id });

async function ended(importId: string): Promise<ScheduleImportView> {
  return eventually(
    async () => {
      const view = await getImport(importId);
      expect(['completed', 'failed']).toContain(view.status);
      return view;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

const phaseStates = (view: ScheduleImportView) =>
  Object.fromEntries(view.phases.map((phase) => [phase.name, phase.state]));

const versionsOf = (importId: string) =>
  directoryDb
    .selectFrom('schedule_versions')
    .select('id')
    .where('import_id', '=', importId)
    .execute();

describe('schedule import saga', () => {
  // Runs first: the directory fails its first coverage calculation (FAULT_INJECTION times: 1).
  it('completes when phase 3 fails: coverage is a warning, to recalculate later', async () => {
    const hospital = await newHospital();
    const { importId } = await startImport(hospital.id, sample('csv'), 'csv');

    const view = await ended(importId);

    expect(view.status).toBe('completed');
    expect(phaseStates(view)).toEqual({
      spreadsheet: 'succeeded',
      roster: 'skipped',
      coverage: 'failed',
    });
    const coverage = view.phases.find((phase) => phase.name === 'coverage');
    expect(coverage?.messages[0]).toMatchObject({ level: 'warning' });
    expect(view.validation.warnings).toContainEqual(
      expect.objectContaining({ code: coverage?.messages[0]?.code }),
    );
    expect(view.result.scheduleVersionId).not.toBeNull();
    const recalculated = await stack.client.rpc.call(scheduleRpc.calculateCoverage, {
      versionId: view.result.scheduleVersionId ?? '',
    });
    expect(recalculated).toMatchObject({ required: 16, assigned: 0, gapCount: 8 });
  });

  it('runs all three phases: version, assignments, coverage, with ids and timings', async () => {
    const hospital = await newHospital(roster.url('/good.json'));
    const before = Date.now();

    const accepted = await startImport(hospital.id, sample('xlsx'), 'xlsx');
    const view = await ended(accepted.importId);

    expect(accepted.status).toBe('idle');
    expect(view).toMatchObject({
      id: accepted.importId,
      hospitalId: hospital.id,
      fileName: 'march.xlsx',
      fileType: 'xlsx',
      status: 'completed',
      result: { shiftCount: 8, assignmentCount: 3, coverageGapCount: 6 },
    });
    expect(phaseStates(view)).toEqual({
      spreadsheet: 'succeeded',
      roster: 'succeeded',
      coverage: 'succeeded',
    });
    expect(view.validation.errors).toEqual([]);
    expect(view.validation.infos.map((m) => m.code)).toEqual([
      'SCHEDULE_ROWS_IMPORTED',
      'ROSTER_IMPORTED',
      'COVERAGE_CALCULATED',
    ]);
    // result metadata: timestamps in order, duration = finished - started
    const started = Date.parse(view.startedAt ?? '');
    const finished = Date.parse(view.finishedAt ?? '');
    expect(started).toBeGreaterThanOrEqual(before - 1_000);
    expect(finished).toBeGreaterThanOrEqual(started);
    expect(view.durationMs).toBe(finished - started);
    for (const phase of view.phases) {
      expect(Date.parse(phase.finishedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(phase.startedAt ?? ''),
      );
    }
    const version = await stack.client.rpc.call(scheduleRpc.getVersion, {
      id: view.result.scheduleVersionId ?? '',
      page: 1,
      limit: 100,
    });
    expect(version.version).toMatchObject({ importId: accepted.importId, assignmentCount: 3 });
    const icuDay = version.data.find((s) => s.date === '2026-03-02' && s.shift === 'Day');
    expect(icuDay?.assignments).toHaveLength(2);
    expect(icuDay?.coverage).toEqual({ required: 2, assigned: 2, gap: 0 });
    // the upload is dropped once the import ended
    const orchestratorDb = createDatabase<{
      schedule_imports: { id: string; upload: Buffer | null };
    }>(databaseUrl(infrastructure.postgresUrl, namespace.database('orchestrator')));
    try {
      const row = await orchestratorDb
        .selectFrom('schedule_imports')
        .select('upload')
        .where('id', '=', accepted.importId)
        .executeTakeFirstOrThrow();
      expect(row.upload).toBeNull();
    } finally {
      await orchestratorDb.destroy();
    }
  });

  it.each(['csv', 'ods'] as const)('imports a .%s file', async (kind) => {
    const hospital = await newHospital();
    const view = await ended((await startImport(hospital.id, sample(kind), kind)).importId);
    expect(view).toMatchObject({ status: 'completed', result: { shiftCount: 8 } });
  });

  it('keeps the valid rows of a partly bad file and lists the bad ones as errors', async () => {
    const hospital = await newHospital();
    const content = readFileSync(join(FIXTURES, 'schedule-partly-bad.xlsx'));

    const view = await ended((await startImport(hospital.id, content, 'xlsx')).importId);

    expect(view.status).toBe('completed');
    expect(view.result.shiftCount).toBe(8);
    expect(view.validation.errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['Shifts', 4, 'date (A)'],
      ['Shifts', 5, 'start (B)'],
      ['Shifts', 6, 'required (F)'],
    ]);
  });

  it('fails on a phase 1 critical failure: phases 2 and 3 never run, nothing is stored', async () => {
    roster.route('/never.json', { body: '[]' });
    const hospital = await newHospital(roster.url('/never.json'));
    const content = scheduleFile(
      [[...SHIFT_HEADER], ['2026-03-02', '07:00', '19:00', 'ICU', 'Day', 'many']],
      'csv',
    );

    const { importId } = await startImport(hospital.id, content, 'csv');
    const view = await ended(importId);

    expect(view.status).toBe('failed');
    expect(phaseStates(view)).toEqual({
      spreadsheet: 'failed',
      roster: 'skipped',
      coverage: 'skipped',
    });
    expect(view.validation.errors).toEqual([
      expect.objectContaining({ code: 'SCHEDULE_NO_VALID_ROWS' }),
      expect.objectContaining({ row: 2, column: 'required (F)' }),
    ]);
    expect(view.result.scheduleVersionId).toBeNull();
    expect(await versionsOf(importId)).toEqual([]);
    expect(roster.hits('/never.json')).toBe(0);
  });

  it('fails with a clear error on a corrupt file', async () => {
    const hospital = await newHospital();
    const view = await ended(
      (await startImport(hospital.id, Buffer.from('garbage, not a zip'), 'ods')).importId,
    );
    expect(view.status).toBe('failed');
    expect(view.validation.errors[0]).toMatchObject({
      code: 'SCHEDULE_FILE_UNREADABLE',
      message: 'The file is not a valid .ods spreadsheet (not a ZIP archive)',
    });
  });

  it.each([
    ['unreachable', '/down.json', { body: 'no', status: 503 }, 'ROSTER_UNREACHABLE'],
    ['slow', '/slow.json', { body: '[]', delayMs: 3_000 }, 'ROSTER_TIMEOUT'],
    ['malformed', '/malformed.json', { body: '[{"date": ' }, 'ROSTER_MALFORMED'],
  ])(
    'goes on to phase 3 when the roster source is %s, with a warning',
    async (_label, path, route, code) => {
      roster.route(path, route);
      const hospital = await newHospital(roster.url(path));

      const view = await ended((await startImport(hospital.id, sample('csv'), 'csv')).importId);

      expect(view.status).toBe('completed');
      expect(phaseStates(view)).toEqual({
        spreadsheet: 'succeeded',
        roster: 'failed',
        coverage: 'succeeded',
      });
      expect(view.validation.warnings).toContainEqual(expect.objectContaining({ code }));
      expect(view.result).toMatchObject({ assignmentCount: null, coverageGapCount: 8 });
    },
  );

  it('warns about roster entries matching no doctor and keeps the others', async () => {
    roster.route('/partly.json', {
      body: JSON.stringify([
        { date: '2026-03-03', unit: 'ICU', shift: 'Night', licenseNumber: licenses[1] },
        { date: '2026-03-03', unit: 'ICU', shift: 'Night', licenseNumber: 'NO-SUCH-DOC' },
        { date: '2026-03-03', unit: 'ICU', shift: 'Night', email: 'ghost@example.com' },
      ]),
    });
    const hospital = await newHospital();

    const view = await ended(
      (
        await startImport(hospital.id, sample('csv'), 'csv', {
          rosterSourceUrl: `${roster.url('/partly.json')}?key=s3cr3t`,
        })
      ).importId,
    );

    expect(view).toMatchObject({ status: 'completed', result: { assignmentCount: 1 } });
    // who started it is recorded; the URL shows without its query, though fetched with it
    expect(view).toMatchObject({
      startedBy: STARTED_BY,
      rosterSourceUrl: roster.url('/partly.json'),
    });
    expect(roster.requests('/partly.json')[0]?.url).toBe('/partly.json?key=s3cr3t');
    expect(phaseStates(view)['roster']).toBe('succeeded');
    expect(view.validation.warnings.filter((w) => w.code === 'ROSTER_UNMATCHED')).toHaveLength(2);
  });

  it('refuses a roster host outside the allow-list, as a warning, without requesting it', async () => {
    roster.route('/other-host.json', { body: '[]' });
    const hospital = await newHospital();

    const view = await ended(
      (
        await startImport(hospital.id, sample('csv'), 'csv', {
          rosterSourceUrl: roster.url('/other-host.json', '127.0.0.2'),
        })
      ).importId,
    );

    expect(view.status).toBe('completed');
    expect(view.validation.warnings).toContainEqual(
      expect.objectContaining({ code: 'ROSTER_HOST_NOT_ALLOWED' }),
    );
    expect(roster.hits('/other-host.json')).toBe(0);
  });

  it('runs one import at a time per hospital: the second is refused naming the first', async () => {
    roster.route('/slow-enough.json', { body: '[]', delayMs: 500 });
    const hospital = await newHospital(roster.url('/slow-enough.json'));

    const attempts = await Promise.allSettled([
      startImport(hospital.id, sample('csv'), 'csv'),
      startImport(hospital.id, sample('xlsx'), 'xlsx'),
    ]);

    const accepted = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const refused = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason as unknown] : []));
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const failure = refused[0];
    if (!(failure instanceof RpcError))
      throw new Error(`expected an RpcError, got ${String(failure)}`);
    expect(failure.envelope).toMatchObject({
      code: 'SCHEDULE_IMPORT_IN_PROGRESS',
      status: 409,
      details: { importId: accepted[0]?.importId },
    });
    await ended(accepted[0]?.importId ?? '');
    // once it ended, the hospital takes the next one
    const next = await startImport(hospital.id, sample('csv'), 'csv');
    expect((await ended(next.importId)).status).toBe('completed');
  });

  it('gives the same import for the same idempotency key', async () => {
    const hospital = await newHospital();
    const key = randomUUID();

    const first = await startImport(hospital.id, sample('csv'), 'csv', { idempotencyKey: key });
    const second = await startImport(hospital.id, sample('csv'), 'csv', { idempotencyKey: key });

    expect(second.importId).toBe(first.importId);
    await ended(first.importId);
    expect(await versionsOf(first.importId)).toHaveLength(1);
  });

  it('refuses invalid inputs: unknown hospital, missing hospital, empty file', async () => {
    const unknown = await rpcFailure(startImport(randomUUID(), sample('csv'), 'csv'));
    expect(unknown.envelope).toMatchObject({ code: 'UNKNOWN_HOSPITAL', status: 400 });

    const missing = await rpcFailure(
      stack.client.rpc.call(scheduleImportRpc.start, {
        fileName: 'x.csv',
        fileType: 'csv',
        contentBase64: sample('csv').toString('base64'),
      } as never),
    );
    expect(missing.envelope).toMatchObject({ status: 400 });
    expect(JSON.stringify(missing.envelope)).toContain('hospitalId');

    const hospital = await newHospital();
    const empty = await rpcFailure(startImport(hospital.id, Buffer.alloc(0), 'csv'));
    expect(empty.envelope).toMatchObject({ status: 400 });
    expect(JSON.stringify(empty.envelope)).toContain('contentBase64');
  });

  it('lists the imports of a hospital, latest first', async () => {
    const hospital = await newHospital();
    const first = await startImport(hospital.id, sample('csv'), 'csv');
    await ended(first.importId);
    const second = await startImport(hospital.id, sample('ods'), 'ods');
    await ended(second.importId);

    const page = await stack.client.rpc.call(scheduleImportRpc.list, {
      hospitalId: hospital.id,
      page: 1,
      limit: 10,
    });

    expect(page.data.map((view) => view.id)).toEqual([second.importId, first.importId]);
    expect(page.meta).toMatchObject({ total: 2, page: 1 });
  });
});
