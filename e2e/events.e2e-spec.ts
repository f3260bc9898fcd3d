import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gatewayClient,
  openEventStream,
  generatedShifts,
  scheduleFile,
  seedProductBody,
  type EventStream,
  type Json,
  type StreamedEvent,
} from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';
import { spawnCli } from './support/cli';
import { licenseOf, publishDoctorUpdates } from './support/live-events';

const SHIFTS = scheduleFile(generatedShifts(8), 'csv');

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let http: ReturnType<typeof gatewayClient>;
let admin: string;
const streams: EventStream[] = [];

beforeAll(async () => {
  system = await startSystem({
    // a paused reader overflows after a few MB (the kernel's socket buffers hold the rest)
    EVENTS_CLIENT_BUFFER_BYTES: String(512 * 1024),
    EVENTS_STREAMS_PER_TOKEN: '20',
    EVENTS_LOG_MAX_LENGTH: '2000',
    EVENTS_AUTH_CHECK_MS: '500',
    TOKEN_STATE_TTL_MS: '500',
    EVENTS_STREAMS_PER_ADDRESS: '100',
  });
  http = gatewayClient(system.gatewayUrl);
  admin = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await system?.stop();
});

async function open(
  token: string,
  options: { types?: string; lastEventId?: string; paused?: boolean } = {},
) {
  const stream = await openEventStream(system.gatewayUrl, { token, ...options });
  streams.push(stream);
  expect(stream.status).toBe(200);
  return stream;
}

const data = (event: StreamedEvent) =>
  event.data as { type: string; subject: { kind: string; id: string }; data: Json };

/** An owner account with a business id, and its token. */
async function owner() {
  const businessId = `OT-${randomUUID().slice(0, 8)}`;
  const password = `Pw-${randomUUID()}`;
  const email = `ev-${randomUUID().slice(0, 8)}@medicalink.local`;
  const created = await http.call<Json & { id: string }>('POST', '/accounts', {
    token: admin,
    body: { email, password, fullName: 'Event Owner', businessId },
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, email, businessId, token: await http.token(email, password) };
}

async function createDoctor(): Promise<{ sagaId: string; doctorId: string; accountId: string }> {
  const tag = randomUUID().slice(0, 8);
  const reply = await http.call<{ sagaId: string; doctorId: string; accountId: string }>(
    'POST',
    '/doctors',
    {
      token: admin,
      body: {
        email: `evdoc-${tag}@medicalink.local`,
        password: `Pw-${randomUUID()}`,
        fullName: `Dr. ${tag}`,
        phone: '+33 6 00 00 00 00',
        specialty: 'Dermatology',
        licenseNumber: `EV-${tag}`,
      },
    },
  );
  expect(reply.status).toBe(201);
  return reply.body;
}

async function renameAccount(id: string, fullName: string): Promise<void> {
  const reply = await http.call('PATCH', `/accounts/${id}`, { token: admin, body: { fullName } });
  expect(reply.status).toBe(200);
}

const registration = (userBusinessId: string, accountId: string) => ({
  userBusinessId,
  accountId,
  educationData: {
    graduationYear: 2019,
    university: 'ca-universite-de-montreal',
    country: 'CA',
    degreeType: 'masters',
  },
});

describe('GET /events', () => {
  it('streams a saga’s lifecycle in order, with increasing ids', async () => {
    const stream = await open(admin, { types: 'saga.' });
    const { sagaId } = await createDoctor();
    await stream.waitFor((e) => e.event === 'saga.completed' && data(e).subject.id === sagaId);

    const mine = stream.events.filter((e) => data(e).subject?.id === sagaId);
    expect(mine.map((e) => e.event)).toEqual([
      'saga.started',
      'saga.step.succeeded',
      'saga.step.succeeded',
      'saga.step.succeeded',
      'saga.completed',
    ]);
    expect(stream.events.every((e) => e.event.startsWith('saga.'))).toBe(true);
    const ids = mine.map((e) => e.id!);
    expect([...ids].sort(compareIds)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('streams an import’s phases in order, with their counts', async () => {
    const stream = await open(admin, { types: 'schedule.import.' });
    const hospital = await http.call<{ id: string }>('POST', '/hospitals', {
      token: admin,
      body: { name: `Events Hospital ${randomUUID().slice(0, 8)}`, city: 'Lyon' },
    });
    const form = new FormData();
    form.append('hospitalId', hospital.body.id);
    form.append('file', new Blob([SHIFTS]), 'march.csv');
    const accepted = (await (
      await fetch(`${system.gatewayUrl}/schedules/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
        body: form,
      })
    ).json()) as { importId: string };

    await stream.waitFor(
      (e) =>
        e.event === 'schedule.import.phase.finished' &&
        data(e).subject.id === accepted.importId &&
        data(e).data['phase'] === 'coverage',
      30_000,
    );
    const phases = stream.events
      .filter((e) => data(e).subject.id === accepted.importId)
      .map((e) => `${e.event.split('.').at(-1)} ${String(data(e).data['phase'])}`);
    expect(phases).toEqual([
      'started spreadsheet',
      'finished spreadsheet',
      'started roster',
      'finished roster',
      'started coverage',
      'finished coverage',
    ]);
    const spreadsheet = stream.events.find(
      (e) =>
        e.event === 'schedule.import.phase.finished' && data(e).data['phase'] === 'spreadsheet',
    );
    expect(data(spreadsheet!).data).toMatchObject({
      outcome: 'succeeded',
      counts: { shiftCount: 8 },
    });
  });

  it('never shows an owner another owner’s events, of any type', async () => {
    const [watcher, other] = [await owner(), await owner()];
    const watching = await open(watcher.token);
    const othersStream = await open(other.token);
    const everything = await open(admin);

    // every kind of event: the other owner's account and registration, a doctor's saga and
    // profile, a product, and finally one of the watcher's own as a marker
    await renameAccount(other.id, 'Renamed Other');
    const run = await http.call<{ session: { sessionId?: string; id?: string } }>(
      'POST',
      '/education/registrations/run',
      { token: other.token, body: registration(other.businessId, other.id) },
    );
    expect(run.status).toBeLessThan(300);
    const doctor = await createDoctor();
    const product = await http.call('POST', '/private/products', {
      token: admin,
      body: seedProductBody(),
    });
    expect(product.status).toBe(201);
    await renameAccount(watcher.id, 'Renamed Watcher');

    await watching.waitFor((e) => e.event === 'staff.account.updated');
    await watching.waitFor(
      (e) => e.event === 'doctor.profile.created' && data(e).subject.id === doctor.doctorId,
    );
    await everything.waitFor((e) => e.event === 'product.product.created');
    await everything.waitFor(
      (e) => e.event === 'staff.account.updated' && data(e).subject.id === watcher.id,
    );
    await othersStream.waitFor((e) => e.event === 'education.registration.step.done');

    // the admin sees what the watcher is kept from: by then the watcher would have too
    for (const type of ['saga.completed', 'education.registration.transitioned']) {
      await everything.waitFor((e) => e.event === type);
    }

    const seen = watching.events.map((e) => ({ ...data(e), type: e.event }));
    const text = JSON.stringify(seen);
    expect(text).not.toContain(other.id);
    expect(text).not.toContain(other.email);
    expect(text).not.toContain(other.businessId);
    expect(text).not.toContain(doctor.accountId);
    expect(seen.map((e) => e.type).every((t) => /^(doctor\.|staff\.account\.)/.test(t))).toBe(true);
    expect(seen.filter((e) => e.type === 'staff.account.updated').map((e) => e.subject.id)).toEqual(
      [watcher.id],
    );
    const doctorEvent = seen.find((e) => e.type === 'doctor.profile.created');
    expect(doctorEvent?.data).toEqual({
      doctorId: doctor.doctorId,
      displayName: expect.any(String),
      specialty: 'Dermatology',
      isActive: true,
    });
  });

  it('replays exactly the missed events once after a gap (Last-Event-ID)', async () => {
    const subject = await owner();
    const first = await open(admin, { types: 'staff.account.' });
    await renameAccount(subject.id, 'Gap 0');
    const seen = await first.waitFor((e) => data(e).data['fullName'] === 'Gap 0');
    first.close();

    for (const n of [1, 2, 3]) await renameAccount(subject.id, `Gap ${n}`);
    const resumed = await open(admin, { types: 'staff.account.', lastEventId: seen.id! });
    await resumed.waitFor((e) => data(e).data['fullName'] === 'Gap 3');
    await renameAccount(subject.id, 'Gap 4');
    await resumed.waitFor((e) => data(e).data['fullName'] === 'Gap 4');

    const names = resumed.events
      .filter((e) => data(e).subject?.id === subject.id)
      .map((e) => data(e).data['fullName']);
    expect(names).toEqual(['Gap 1', 'Gap 2', 'Gap 3', 'Gap 4']);
  });

  it('ends the stream of a token that is revoked', async () => {
    const revoked = await owner();
    const stream = await open(revoked.token);
    const deleted = await http.call('DELETE', `/accounts/${revoked.id}`, { token: admin });
    expect(deleted.status).toBe(204);

    const started = Date.now();
    await Promise.race([
      stream.ended,
      new Promise((_, reject) => setTimeout(() => reject(new Error('still open')), 10_000)),
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stream.events.at(-1)?.event).toBe('end');
    const again = await http.call('GET', '/events', { token: revoked.token });
    expect(again.status).toBe(401);
  });

  it('cuts off a slow client with overflow while a fast one receives everything', async () => {
    const slow = await open(admin, { types: 'doctor.', paused: true });
    const fast = await open(admin, { types: 'doctor.' });
    const tag = randomUUID();
    const count = 10_000;
    await publishDoctorUpdates({
      brokerUrl: system.namespace.infrastructure.rabbitmqUrl,
      prefix: system.namespace.prefix,
      tag,
      count,
      padding: 1_000,
    });

    await fast.waitFor((e) => licenseOf(e) === `${tag}-${count - 1}`, 50_000);
    slow.resume();
    await slow.ended;

    const fastMine = fast.events.filter((e) => licenseOf(e).startsWith(tag));
    expect(fastMine).toHaveLength(count);
    expect(slow.events.at(-1)?.event).toBe('overflow');
    expect(slow.events.length).toBeLessThan(count);
  });

  it('answers reset to an id older than the log (trimmed by the overflow test’s load), and 400 to one that is not an id', async () => {
    const stream = await open(admin, { lastEventId: '1-0' });
    const reset = await stream.waitFor((e) => e.event === 'reset');
    expect(reset.id).toMatch(/^\d+-\d+$/);
    const bad = await http.call('GET', '/events?lastEventId=yesterday', { token: admin });
    expect(bad.status).toBe(400);
  });
});

describe('medicalink events --follow (the CLI as a process)', () => {
  it('prints one line per event (a JSON line each with --json), replays after --after, follows live, and stops cleanly on SIGINT', async () => {
    const stream = await open(admin, { types: 'saga.' });
    const first = await createDoctor();
    const started = await stream.waitFor(
      (e) => e.event === 'saga.started' && data(e).subject.id === first.sagaId,
    );
    const configDir = mkdtempSync(join(tmpdir(), 'medicalink-events-'));
    const follow = (json: boolean) =>
      spawnCli(
        [
          ...(json ? ['--json'] : []),
          'events',
          '--follow',
          '--types',
          'saga.',
          '--after',
          started.id!,
        ],
        {
          gatewayUrl: system.gatewayUrl,
          configDir,
          env: { MEDICALINK_EMAIL: E2E_ADMIN.email, MEDICALINK_PASSWORD: E2E_ADMIN.password },
        },
      );
    const text = follow(false);
    const json = follow(true);
    try {
      // replayed after --after: the first saga's remaining events
      await text.printed(`saga.completed  saga ${first.sagaId}`);
      const completedIn = (sagaId: string) => new RegExp(`"saga\\.completed".*"${sagaId}"`);
      await json.printed(completedIn(first.sagaId));
      // both streams are open now: a new saga reaches them live
      const second = await createDoctor();
      await text.printed(`saga.completed  saga ${second.sagaId}`);
      await json.printed(completedIn(second.sagaId));
      await stream.waitFor(
        (e) => e.event === 'saga.completed' && data(e).subject.id === second.sagaId,
      );

      const [textRun, jsonRun] = await Promise.all([text.stop('SIGINT'), json.stop('SIGINT')]);

      expect(textRun.status).toBe(0);
      expect(jsonRun.status).toBe(0);
      expect(textRun.stderr).toBe('');
      const lines = textRun.stdout.split('\n').filter(Boolean);
      for (const line of lines) expect(line).toMatch(/^\S.*  saga\.[a-z_.]+  saga [0-9a-f-]{36}/);
      const typesOf = (sagaId: string) =>
        lines.filter((line) => line.includes(` saga ${sagaId}`)).map((line) => line.split('  ')[1]);
      const lifecycle = ['saga.started', ...Array(3).fill('saga.step.succeeded'), 'saga.completed'];
      expect(typesOf(first.sagaId)).toEqual(lifecycle.slice(1));
      expect(typesOf(second.sagaId)).toEqual(lifecycle);

      const records = jsonRun.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { id: string; type: string; subject: { id: string } });
      const streamed = stream.events.filter((e) =>
        [first.sagaId, second.sagaId].includes(data(e).subject.id),
      );
      const expected = streamed.filter((e) => compareIds(e.id!, started.id!) > 0);
      expect(
        records
          .filter((r) => [first.sagaId, second.sagaId].includes(r.subject.id))
          .map((r) => `${r.id} ${r.type}`),
      ).toEqual(expected.map((e) => `${e.id} ${e.event}`));
    } finally {
      await Promise.all([text.stop('SIGKILL'), json.stop('SIGKILL')]);
      rmSync(configDir, { recursive: true, force: true });
    }
  });
});

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am === bm ? Number(as - bs) : am < bm ? -1 : 1;
}
