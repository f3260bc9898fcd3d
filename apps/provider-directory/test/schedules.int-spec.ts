import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  accountRpc,
  doctorRpc,
  hospitalRpc,
  scheduleRpc,
  type Doctor,
  type ScheduleFileType,
} from '@medicalink/contracts';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  rpcFailure,
  scheduleFile,
  SHIFT_HEADER,
  startApp,
  startRosterServer,
  type ChildApp,
  type RosterServer,
  type TestClient,
} from '@medicalink/testing';
import type { DirectoryDatabase } from '../src/database/directory.schema';
import { startDirectory } from '../src/start';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'sched');
const FIXTURES = join(__dirname, 'fixtures');
let accounts: { app: ChildApp };
let service: RunningService;
let client: TestClient;
let db: Kysely<DirectoryDatabase>;
let roster: RosterServer;
let doctors: { doctor: Doctor; email: string }[];

beforeAll(async () => {
  roster = await startRosterServer();
  accounts = await startApp('accounts', namespace.env({ PASSWORD_HASH_COST: '1024' }));
  service = await startDirectory(
    namespace.env({
      DIRECTORY_HTTP_PORT: '0',
      SCHEDULE_ROSTER_TIMEOUT_MS: '700',
      ROSTER_SOURCE_ALLOW: `127.0.0.1:${roster.port}`,
    }),
  );
  client = await createTestClient(namespace, { timeoutMs: 10_000 });
  db = createDatabase<DirectoryDatabase>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('directory')),
  );
  doctors = await Promise.all(
    [1, 2].map(async (n) => {
      const email = `sched-${n}-${randomUUID().slice(0, 6)}@medicalink.test`;
      const account = await client.rpc.call(accountRpc.create, {
        email,
        password: 'a long enough password',
        fullName: `Dr. Schedule ${n}`,
      });
      const doctor = await client.rpc.call(doctorRpc.create, {
        accountId: account.id,
        displayName: account.fullName,
        specialty: 'Intensive care',
        licenseNumber: `SCH-${randomUUID().slice(0, 8)}`,
      });
      return { doctor, email };
    }),
  );
}, 60_000);

afterAll(async () => {
  await client?.close();
  await db?.destroy();
  await service?.close();
  await accounts?.app.stop();
  await roster?.close();
  await namespace.cleanup();
});

const newHospital = (rosterSourceUrl?: string) =>
  client.rpc.call(hospitalRpc.create, {
    name: `Hospital ${randomUUID().slice(0, 8)}`,
    ...(rosterSourceUrl ? { rosterSourceUrl } : {}),
  });

async function importFile(
  hospitalId: string,
  content: Buffer,
  fileType: ScheduleFileType,
  idempotencyKey?: string,
) {
  const versionId = randomUUID();
  const result = await client.rpc.call(
    scheduleRpc.importSpreadsheet,
    {
      versionId,
      importId: randomUUID(),
      hospitalId,
      fileName: `shifts.${fileType}`,
      fileType,
      contentBase64: content.toString('base64'),
    },
    idempotencyKey ? { idempotencyKey } : {},
  );
  return { versionId, result };
}

const shiftsOf = async (versionId: string) =>
  Number(
    (
      await db
        .selectFrom('schedule_shifts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('version_id', '=', versionId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('phase 1: spreadsheet import', () => {
  it.each(['csv', 'xlsx', 'ods'] as const)(
    'stores the sample .%s as a DRAFT version with all its shifts',
    async (kind) => {
      const hospital = await newHospital();
      const content = readFileSync(join(FIXTURES, `schedule-sample.${kind}`));

      const { versionId, result } = await importFile(hospital.id, content, kind);

      expect(result).toMatchObject({ scheduleVersionId: versionId, shiftCount: 8, rowCount: 8 });
      expect(result.validation.errors).toEqual([]);
      const version = await client.rpc.call(scheduleRpc.getVersion, {
        id: versionId,
        page: 1,
        limit: 3,
      });
      expect(version.version).toMatchObject({ status: 'DRAFT', shiftCount: 8, coverage: null });
      expect(version.meta).toMatchObject({ total: 8, totalPages: 3, hasNext: true });
      expect(version.data[0]).toMatchObject({
        date: '2026-03-02',
        start: '07:00',
        unit: 'ICU',
        shift: 'Day',
        required: 2,
        assignments: [],
        coverage: null,
      });
    },
  );

  it('keeps the valid rows of a partly bad file and names sheet, row and column of each bad one', async () => {
    const hospital = await newHospital();
    const content = readFileSync(join(FIXTURES, 'schedule-partly-bad.xlsx'));

    const { versionId, result } = await importFile(hospital.id, content, 'xlsx');

    expect(result.shiftCount).toBe(8);
    expect(result.rowCount).toBe(11);
    expect(result.validation.errors).toEqual([
      expect.objectContaining({ sheet: 'Shifts', row: 4, column: 'date (A)' }),
      expect.objectContaining({ sheet: 'Shifts', row: 5, column: 'start (B)' }),
      expect.objectContaining({ sheet: 'Shifts', row: 6, column: 'required (F)' }),
    ]);
    expect(await shiftsOf(versionId)).toBe(8);
  });

  it('stores nothing when no row is valid, and says why per row', async () => {
    const hospital = await newHospital();
    const content = scheduleFile(
      [[...SHIFT_HEADER], ['someday', '07:00', '19:00', 'ICU', 'Day', 1]],
      'csv',
    );

    const failure = await rpcFailure(importFile(hospital.id, content, 'csv'));

    expect(failure.envelope).toMatchObject({
      code: 'SCHEDULE_NO_VALID_ROWS',
      status: 422,
      details: { errors: [expect.objectContaining({ row: 2, column: 'date (A)' })] },
    });
    const versions = await db
      .selectFrom('schedule_versions')
      .select('id')
      .where('hospital_id', '=', hospital.id)
      .execute();
    expect(versions).toEqual([]);
  });

  it('answers a corrupt file with SCHEDULE_FILE_UNREADABLE, and keeps serving', async () => {
    const hospital = await newHospital();

    const failure = await rpcFailure(
      importFile(hospital.id, Buffer.from('definitely not a zip archive'), 'xlsx'),
    );

    expect(failure.envelope).toMatchObject({ code: 'SCHEDULE_FILE_UNREADABLE', status: 422 });
    const after = await importFile(
      hospital.id,
      readFileSync(join(FIXTURES, 'schedule-sample.csv')),
      'csv',
    );
    expect(after.result.shiftCount).toBe(8);
  });

  it('applies a repeated request with the same idempotency key once', async () => {
    const hospital = await newHospital();
    const content = readFileSync(join(FIXTURES, 'schedule-sample.csv'));
    const versionId = randomUUID();
    const request = {
      versionId,
      importId: randomUUID(),
      hospitalId: hospital.id,
      fileName: 'shifts.csv',
      fileType: 'csv' as const,
      contentBase64: content.toString('base64'),
    };
    const key = `${randomUUID()}:spreadsheet`;

    const [first, second] = await Promise.all([
      client.rpc.call(scheduleRpc.importSpreadsheet, request, { idempotencyKey: key }),
      client.rpc.call(scheduleRpc.importSpreadsheet, request, { idempotencyKey: key }),
    ]);

    expect(second).toEqual(first);
    expect(await shiftsOf(versionId)).toBe(8);
  });

  it('deletes a version with its shifts (the compensation), and says so once', async () => {
    const hospital = await newHospital();
    const { versionId } = await importFile(
      hospital.id,
      readFileSync(join(FIXTURES, 'schedule-sample.csv')),
      'csv',
    );

    const first = await client.rpc.call(scheduleRpc.deleteVersion, { id: versionId });
    const again = await client.rpc.call(scheduleRpc.deleteVersion, { id: versionId });

    expect([first.deleted, again.deleted]).toEqual([true, false]);
    expect(await shiftsOf(versionId)).toBe(0);
  });

  it('refuses an unknown hospital', async () => {
    const failure = await rpcFailure(
      importFile(randomUUID(), readFileSync(join(FIXTURES, 'schedule-sample.csv')), 'csv'),
    );
    expect(failure.envelope).toMatchObject({ code: 'HOSPITAL_NOT_FOUND', status: 404 });
  });
});

describe('phase 2: roster', () => {
  async function importedVersion(rosterSourceUrl?: string) {
    const hospital = await newHospital(rosterSourceUrl);
    const { versionId } = await importFile(
      hospital.id,
      readFileSync(join(FIXTURES, 'schedule-sample.csv')),
      'csv',
    );
    return versionId;
  }

  it("assigns doctors from the hospital's JSON roster by license number or email, once per key", async () => {
    const [a, b] = doctors;
    roster.route('/good.json', {
      body: JSON.stringify({
        assignments: [
          { date: '2026-03-02', unit: 'icu', shift: 'day', licenseNumber: a?.doctor.licenseNumber },
          { date: '2026-03-02', unit: 'ICU', shift: 'Day', email: b?.email },
          {
            date: '2026-03-02',
            unit: 'ICU',
            shift: 'Night',
            license_number: a?.doctor.licenseNumber,
          },
        ],
      }),
    });
    const versionId = await importedVersion(roster.url('/good.json'));
    const key = `${randomUUID()}:roster`;

    const result = await client.rpc.call(
      scheduleRpc.importRoster,
      { versionId },
      { idempotencyKey: key },
    );
    const again = await client.rpc.call(
      scheduleRpc.importRoster,
      { versionId },
      { idempotencyKey: key },
    );

    expect(result).toMatchObject({
      skipped: false,
      assignmentCount: 3,
      unmatchedCount: 0,
      validation: { warnings: [] },
    });
    expect(again).toEqual(result);
    // answered from the first run: the source is not fetched again
    expect(roster.hits('/good.json')).toBe(1);
    const page = await client.rpc.call(scheduleRpc.getVersion, {
      id: versionId,
      page: 1,
      limit: 2,
    });
    expect(page.version.assignmentCount).toBe(3);
    expect(page.data[0]?.assignments.map((x) => x.matchedBy).sort()).toEqual([
      'email',
      'licenseNumber',
    ]);
  });

  it('reads a CSV roster given with the request, and warns about entries it cannot match', async () => {
    const [a] = doctors;
    roster.route('/roster.csv', {
      contentType: 'text/csv',
      body: [
        'date,unit,shift,licenseNumber,email',
        `2026-03-03,Emergency,Early,${a?.doctor.licenseNumber},`,
        '2026-03-03,Emergency,Early,NOBODY-1,',
        '2026-03-09,ICU,Day,,nobody@example.com',
      ].join('\n'),
    });
    const versionId = await importedVersion();

    const result = await client.rpc.call(scheduleRpc.importRoster, {
      versionId,
      sourceUrl: roster.url('/roster.csv'),
    });

    expect(result).toMatchObject({ assignmentCount: 1, unmatchedCount: 2 });
    expect(result.validation.warnings).toEqual([
      expect.objectContaining({
        code: 'ROSTER_UNMATCHED',
        row: 3,
        message: expect.stringContaining('NOBODY-1'),
      }),
      expect.objectContaining({
        code: 'ROSTER_UNMATCHED',
        row: 4,
        message: expect.stringContaining('no shift Day of unit ICU on 2026-03-09'),
      }),
    ]);
  });

  it('skips the phase when the hospital has no roster source', async () => {
    const versionId = await importedVersion();
    await expect(client.rpc.call(scheduleRpc.importRoster, { versionId })).resolves.toMatchObject({
      skipped: true,
      assignmentCount: 0,
    });
  });

  it('gives up on a slow source after SCHEDULE_ROSTER_TIMEOUT_MS', async () => {
    roster.route('/slow.json', { body: '[]', delayMs: 3_000 });
    const versionId = await importedVersion(roster.url('/slow.json'));

    const failure = await rpcFailure(client.rpc.call(scheduleRpc.importRoster, { versionId }));

    expect(failure.envelope).toMatchObject({
      code: 'ROSTER_TIMEOUT',
      message: expect.stringContaining('700 ms'),
    });
  });

  it.each([
    [
      '/broken.json',
      { body: '{"assignments": [', contentType: 'application/json' },
      'ROSTER_MALFORMED',
    ],
    ['/wrong-shape.json', { body: '{"shifts": 3}' }, 'ROSTER_MALFORMED'],
    ['/down.json', { body: 'oops', status: 500 }, 'ROSTER_UNREACHABLE'],
  ])('fails clearly on %s', async (path, route, code) => {
    roster.route(path, route);
    const versionId = await importedVersion(roster.url(path));

    const failure = await rpcFailure(client.rpc.call(scheduleRpc.importRoster, { versionId }));

    expect(failure.code).toBe(code);
    expect(
      await db
        .selectFrom('schedule_assignments')
        .select('id')
        .where('version_id', '=', versionId)
        .execute(),
    ).toEqual([]);
  });

  it('refuses a host that is not on the allow-list without requesting it', async () => {
    roster.route('/elsewhere.json', { body: '[]' });
    const versionId = await importedVersion();

    const failure = await rpcFailure(
      client.rpc.call(scheduleRpc.importRoster, {
        versionId,
        sourceUrl: roster.url('/elsewhere.json', '127.0.0.2'),
      }),
    );

    expect(failure.envelope).toMatchObject({
      code: 'ROSTER_HOST_NOT_ALLOWED',
      message: expect.stringContaining('ROSTER_SOURCE_ALLOW'),
      details: { source: `127.0.0.2:${roster.port}` },
    });
    expect(roster.hits('/elsewhere.json')).toBe(0);
  });
});

describe('phase 3: coverage', () => {
  it('counts required vs assigned per shift, unit and day, and lists the gaps', async () => {
    const [a] = doctors;
    roster.route('/coverage.json', {
      body: JSON.stringify([
        { date: '2026-03-02', unit: 'ICU', shift: 'Night', licenseNumber: a?.doctor.licenseNumber },
      ]),
    });
    const hospital = await newHospital(roster.url('/coverage.json'));
    const { versionId } = await importFile(
      hospital.id,
      readFileSync(join(FIXTURES, 'schedule-sample.csv')),
      'csv',
    );
    await client.rpc.call(scheduleRpc.importRoster, { versionId });

    const result = await client.rpc.call(scheduleRpc.calculateCoverage, { versionId });

    expect(result).toMatchObject({ required: 16, assigned: 1, gapCount: 7 });
    const page = await client.rpc.call(scheduleRpc.getVersion, {
      id: versionId,
      page: 1,
      limit: 8,
    });
    expect(page.version.coverage?.byUnit).toEqual([
      { unit: 'Emergency', required: 10, assigned: 0 },
      { unit: 'ICU', required: 6, assigned: 1 },
    ]);
    expect(page.version.coverage?.byDay).toEqual([
      { date: '2026-03-02', required: 8, assigned: 1 },
      { date: '2026-03-03', required: 8, assigned: 0 },
    ]);
    expect(page.version.coverage?.gaps).toHaveLength(7);
    const night = page.data.find((s) => s.date === '2026-03-02' && s.shift === 'Night');
    expect(night?.coverage).toEqual({ required: 1, assigned: 1, gap: 0 });
  });

  it('answers SCHEDULE_VERSION_NOT_FOUND for an unknown version', async () => {
    const failure = await rpcFailure(
      client.rpc.call(scheduleRpc.calculateCoverage, { versionId: randomUUID() }),
    );
    expect(failure.envelope).toMatchObject({ code: 'SCHEDULE_VERSION_NOT_FOUND', status: 404 });
  });
});

describe('hospitals', () => {
  it('lists hospitals by page with their roster source, and gets one', async () => {
    const hospital = await newHospital('http://localhost:9/roster.json');

    const page = await client.rpc.call(hospitalRpc.page, { page: 1, limit: 100 });
    const one = await client.rpc.call(hospitalRpc.get, { id: hospital.id });

    expect(page.data).toContainEqual(hospital);
    expect(page.meta.total).toBeGreaterThan(0);
    expect(one).toEqual(hospital);
    expect(one.rosterSourceUrl).toBe('http://localhost:9/roster.json');
  });

  it('shows a roster URL without its credentials or query, and still fetches it whole', async () => {
    roster.route('/keyed.json', { body: '[]' });
    const hospital = await newHospital(
      `http://roster:pw@127.0.0.1:${roster.port}/keyed.json?key=s3cr3t#part`,
    );
    const { versionId } = await importFile(
      hospital.id,
      readFileSync(join(FIXTURES, 'schedule-sample.csv')),
      'csv',
    );

    const reads = [
      hospital,
      await client.rpc.call(hospitalRpc.get, { id: hospital.id }),
      (await client.rpc.call(hospitalRpc.page, { page: 1, limit: 100 })).data.find(
        (h) => h.id === hospital.id,
      ),
    ];
    const result = await client.rpc.call(scheduleRpc.importRoster, { versionId });

    for (const read of reads) {
      expect(read?.rosterSourceUrl).toBe(`http://127.0.0.1:${roster.port}/keyed.json`);
    }
    expect(result.sourceUrl).toBe(`http://127.0.0.1:${roster.port}/keyed.json`);
    expect(roster.requests('/keyed.json')[0]?.url).toBe('/keyed.json?key=s3cr3t');
  });
});
