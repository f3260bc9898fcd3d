import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  gatewayClient,
  repoRoot,
  wideSheet,
  zipBomb,
  type Json,
} from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';
import { jwtPayload } from './support/tokens';

// room for the hostile files below (a zip bomb of a gigabyte is about 1 MB)
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const SAMPLE = readFileSync(
  join(repoRoot(), 'apps/provider-directory/test/fixtures/schedule-sample.xlsx'),
);

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let http: ReturnType<typeof gatewayClient>;
let admin: string;

beforeAll(async () => {
  system = await startSystem({ SCHEDULE_MAX_FILE_BYTES: String(MAX_FILE_BYTES) });
  http = gatewayClient(system.gatewayUrl);
  admin = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
});

afterAll(async () => {
  await system?.stop();
});

interface Upload {
  file?: { name: string; content: Buffer };
  fields?: Record<string, string>;
  headers?: Record<string, string>;
  token?: string;
}

/** POST /schedules/imports as a browser form would send it. */
async function upload({ file, fields = {}, headers = {}, token = admin }: Upload) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([file.content]), file.name);
  const response = await fetch(`${system.gatewayUrl}/schedules/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...headers },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function newHospital(): Promise<string> {
  const reply = await http.call<{ id: string }>('POST', '/hospitals', {
    token: admin,
    body: { name: `E2E Hospital ${randomUUID().slice(0, 8)}`, city: 'Lyon' },
  });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

describe('schedule imports through the gateway', () => {
  it('accepts an upload (202), then reports the finished import and its version', async () => {
    const hospitalId = await newHospital();

    const accepted = await upload({
      file: { name: 'march.xlsx', content: SAMPLE },
      fields: { hospitalId },
    });

    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ importId: expect.any(String), status: 'idle' });
    const importId = accepted.body['importId'] as string;
    const view = await eventually(
      async () => {
        const reply = await http.call<Json & { status: string }>(
          'GET',
          `/schedules/imports/${importId}`,
          { token: admin },
        );
        expect(reply.status).toBe(200);
        expect(reply.body.status).toBe('completed');
        return reply.body;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(view).toMatchObject({
      hospitalId,
      fileName: 'march.xlsx',
      result: { shiftCount: 8 },
      phases: [
        { name: 'spreadsheet', state: 'succeeded' },
        { name: 'roster', state: 'skipped' },
        { name: 'coverage', state: 'succeeded' },
      ],
    });
    const versionId = (view['result'] as { scheduleVersionId: string }).scheduleVersionId;
    const version = await http.call<Json & { data: Json[]; meta: Json }>(
      'GET',
      `/schedules/versions/${versionId}?limit=5`,
      { token: admin },
    );
    expect(version.status).toBe(200);
    expect(version.body.data).toHaveLength(5);
    expect(version.body.meta).toMatchObject({ total: 8, hasNext: true });
    const recalculated = await http.call('POST', `/schedules/versions/${versionId}/coverage`, {
      token: admin,
    });
    expect(recalculated.status).toBe(200);
    expect(recalculated.body).toMatchObject({ required: 16, assigned: 0, gapCount: 8 });
    const list = await http.call<{ data: Json[] }>(
      'GET',
      `/schedules/imports?hospitalId=${hospitalId}`,
      { token: admin },
    );
    expect(list.body.data.map((item) => item['id'])).toEqual([importId]);
  });

  it('gives the same import for the same Idempotency-Key', async () => {
    const hospitalId = await newHospital();
    const key = randomUUID();
    const send = () =>
      upload({
        file: { name: 'march.xlsx', content: SAMPLE },
        fields: { hospitalId },
        headers: { 'idempotency-key': key },
      });

    const first = await send();
    const second = await send();

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body['importId']).toBe(first.body['importId']);
  });

  it('answers 413 for a file over SCHEDULE_MAX_FILE_BYTES', async () => {
    const hospitalId = await newHospital();
    const big = Buffer.concat([
      Buffer.from('date,start,end\n'),
      Buffer.alloc(MAX_FILE_BYTES, 0x61),
    ]);

    const reply = await upload({ file: { name: 'big.csv', content: big }, fields: { hospitalId } });

    expect(reply.status).toBe(413);
    expect(reply.body['message']).toContain(String(MAX_FILE_BYTES));
  });

  it('answers 415 for another file type, and for a body that is not multipart', async () => {
    const hospitalId = await newHospital();

    const pdf = await upload({
      file: { name: 'schedule.pdf', content: Buffer.from('%PDF-1.4') },
      fields: { hospitalId },
    });
    const json = await http.call('POST', '/schedules/imports', {
      token: admin,
      body: { hospitalId },
    });

    expect(pdf.status).toBe(415);
    expect(pdf.body['message']).toContain('schedule.pdf');
    expect(json.status).toBe(415);
  });

  it('answers 400 naming the problem: missing hospitalId, missing or empty file, unknown hospital', async () => {
    const hospitalId = await newHospital();
    const file = { name: 'march.xlsx', content: SAMPLE };

    const noHospital = await upload({ file });
    const noFile = await upload({ fields: { hospitalId } });
    const empty = await upload({
      file: { name: 'empty.csv', content: Buffer.alloc(0) },
      fields: { hospitalId },
    });
    const unknown = await upload({ file, fields: { hospitalId: randomUUID() } });

    expect(noHospital).toMatchObject({
      status: 400,
      body: { errors: [expect.stringContaining('hospitalId')] },
    });
    expect(noFile).toMatchObject({
      status: 400,
      body: { errors: [expect.stringContaining('file')] },
    });
    expect(empty).toMatchObject({ status: 400, body: { errors: ['file: is empty'] } });
    expect(unknown).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('Unknown hospital') },
    });
  });

  it('fails the import of a corrupt file with a clear error, not a 500', async () => {
    const hospitalId = await newHospital();

    const accepted = await upload({
      file: { name: 'broken.xlsx', content: Buffer.from('not really a spreadsheet') },
      fields: { hospitalId },
    });

    expect(accepted.status).toBe(202);
    const view = await eventually(
      async () => {
        const reply = await http.call<Json & { status: string }>(
          'GET',
          `/schedules/imports/${accepted.body['importId'] as string}`,
          { token: admin },
        );
        expect(reply.body.status).toBe('failed');
        return reply.body;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect((view['validation'] as { errors: Json[] }).errors[0]).toMatchObject({
      code: 'SCHEDULE_FILE_UNREADABLE',
    });
  });

  it('lists hospitals by page and refuses an upload without a token', async () => {
    const hospitalId = await newHospital();
    const page = await http.call<{ data: Json[]; meta: Json }>('GET', '/hospitals?limit=100', {
      token: admin,
    });
    expect(page.status).toBe(200);
    expect(page.body.data.map((h) => h['id'])).toContain(hospitalId);

    const response = await fetch(`${system.gatewayUrl}/schedules/imports`, { method: 'POST' });
    expect(response.status).toBe(401);
  });
});

/** The import once it ended, as `token` reads it. */
async function ended(importId: string, token = admin): Promise<Json & { status: string }> {
  return eventually(
    async () => {
      const reply = await http.call<Json & { status: string }>(
        'GET',
        `/schedules/imports/${importId}`,
        { token },
      );
      expect(reply.status).toBe(200);
      expect(['completed', 'failed']).toContain(reply.body.status);
      return reply.body;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

describe('files built to hurt the parser', () => {
  it.each([
    [
      'a CSV header padded to 16,384 columns over 100,000 lines',
      'wide.csv',
      'SCHEDULE_NO_VALID_ROWS',
    ],
    ['an .xlsx of that shape', 'wide.xlsx', 'SCHEDULE_NO_VALID_ROWS'],
    ['an .xlsx unzipping to a gigabyte', 'bomb.xlsx', 'SCHEDULE_FILE_TOO_LARGE'],
  ])(
    'fails the import of %s with a clear error, and imports the next file',
    { timeout: 180_000 },
    async (_label, name, code) => {
      const content = name.startsWith('bomb')
        ? zipBomb('xlsx')
        : wideSheet(name.endsWith('csv') ? 'csv' : 'xlsx');
      const hospitalId = await newHospital();

      const accepted = await upload({ file: { name, content }, fields: { hospitalId } });
      expect(accepted.status).toBe(202);
      const view = await ended(accepted.body['importId'] as string);

      expect(view.status).toBe('failed');
      expect((view['validation'] as { errors: Json[] }).errors[0]).toMatchObject({
        code,
        message: expect.stringMatching(/\S/),
      });
      const next = await upload({
        file: { name: 'march.xlsx', content: SAMPLE },
        fields: { hospitalId },
      });
      expect(next.status).toBe(202);
      expect((await ended(next.body['importId'] as string)).status).toBe('completed');
      for (const app of system.apps.values()) expect(app.alive()).toBe(true);
    },
  );
});

describe('roster sources and who started an import', () => {
  const KEYED_URL = 'https://roster:pw@rosters.example.org:8443/h/1.json?key=s3cr3t#part';
  const SHOWN_URL = 'https://rosters.example.org:8443/h/1.json';

  async function ownerToken(): Promise<string> {
    const owner = {
      email: `owner-${randomUUID().slice(0, 8)}@medicalink.local`,
      password: `Pw-${randomUUID()}`,
      fullName: 'Schedule Reader',
      privilege: 'owner',
    };
    const created = await http.call('POST', '/accounts', { token: admin, body: owner });
    expect(created.status).toBe(201);
    return http.token(owner.email, owner.password);
  }

  it("shows roster URLs and the importing account to admin and main only, never a URL's key", async () => {
    const owner = await ownerToken();
    const created = await http.call<{ id: string; rosterSourceUrl: string | null }>(
      'POST',
      '/hospitals',
      {
        token: admin,
        body: { name: `E2E Hospital ${randomUUID().slice(0, 8)}`, rosterSourceUrl: KEYED_URL },
      },
    );
    expect(created.status).toBe(201);
    const hospitalId = created.body.id;
    const accepted = await upload({
      file: { name: 'march.xlsx', content: SAMPLE },
      fields: { hospitalId, rosterSourceUrl: KEYED_URL },
    });
    const importId = accepted.body['importId'] as string;
    await ended(importId);

    const read = async (token: string) => ({
      one: (await http.call<Json>('GET', `/schedules/imports/${importId}`, { token })).body,
      list: (
        await http.call<{ data: Json[] }>('GET', `/schedules/imports?hospitalId=${hospitalId}`, {
          token,
        })
      ).body.data[0],
      hospital: (
        await http.call<{ data: Json[] }>('GET', '/hospitals?limit=100', { token })
      ).body.data.find((h) => h['id'] === hospitalId),
    });
    const asAdmin = await read(admin);
    const asOwner = await read(owner);

    const adminId = jwtPayload(admin)['sub'];
    expect(created.body.rosterSourceUrl).toBe(SHOWN_URL);
    expect(asAdmin.one).toMatchObject({ rosterSourceUrl: SHOWN_URL, startedBy: adminId });
    expect(asAdmin.list).toMatchObject({ rosterSourceUrl: SHOWN_URL, startedBy: adminId });
    expect(asAdmin.hospital).toMatchObject({ rosterSourceUrl: SHOWN_URL });
    expect(asOwner.one).toMatchObject({ id: importId, rosterSourceUrl: null, startedBy: null });
    expect(asOwner.list).toMatchObject({ id: importId, rosterSourceUrl: null, startedBy: null });
    expect(asOwner.hospital).toMatchObject({ id: hospitalId, rosterSourceUrl: null });
    expect(JSON.stringify([created.body, asAdmin, asOwner])).not.toMatch(/s3cr3t|roster:pw/);
  });

  it('fetches no roster until ROSTER_SOURCE_ALLOW names it: an internal endpoint stays unread', async () => {
    const hospitalId = await newHospital();
    const internal = `${system.urls['orchestrator']}/metrics`;

    const accepted = await upload({
      file: { name: 'march.xlsx', content: SAMPLE },
      fields: { hospitalId, rosterSourceUrl: internal },
    });
    const view = await ended(accepted.body['importId'] as string);

    expect(view.status).toBe('completed');
    const roster = (view['phases'] as Json[]).find((phase) => phase['name'] === 'roster');
    expect(roster).toMatchObject({
      state: 'failed',
      messages: [
        {
          level: 'warning',
          code: 'ROSTER_FETCH_DISABLED',
          message: expect.stringContaining('ROSTER_SOURCE_ALLOW'),
        },
      ],
    });
  });
});
