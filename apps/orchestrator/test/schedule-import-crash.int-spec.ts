import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hospitalRpc, scheduleImportRpc, type ScheduleImportView } from '@medicalink/contracts';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';
import {
  createTestClient,
  createTestNamespace,
  eventually,
  repoRoot,
  startRosterServer,
  type RosterServer,
  type TestClient,
} from '@medicalink/testing';
import {
  createDoctor,
  faults,
  spawnOrchestrator,
  startParticipants,
  type Participant,
} from './support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'scrash');
const ORCHESTRATOR_ENV = { SAGA_LEASE_MS: '1000', SAGA_RECOVERY_INTERVAL_MS: '200' };
const SAMPLE = readFileSync(
  join(repoRoot(), 'apps/provider-directory/test/fixtures/schedule-sample.csv'),
);
let participants: Awaited<ReturnType<typeof startParticipants>>;
let orchestrator: Participant;
let client: TestClient;
let journal: Kysely<SagaTables>;
let directoryDb: Kysely<{
  schedule_versions: { id: string; import_id: string };
  schedule_shifts: { id: string; version_id: string };
  schedule_assignments: { id: string; version_id: string };
}>;
let roster: RosterServer;
let license: string;

beforeAll(async () => {
  roster = await startRosterServer();
  // A slow phase 1 holds the import at a known point long enough to kill the orchestrator there.
  participants = await startParticipants(namespace, {
    directory: {
      ...faults({
        pattern: 'directory.schedule.importSpreadsheet',
        mode: 'slow',
        delayMs: 1_500,
      }),
      ROSTER_SOURCE_ALLOW: `127.0.0.1:${roster.port}`,
    },
  });
  orchestrator = await spawnOrchestrator(namespace, ORCHESTRATOR_ENV);
  client = await createTestClient(namespace, { timeoutMs: 30_000 });
  journal = createDatabase<SagaTables>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('orchestrator')),
  );
  directoryDb = createDatabase(
    databaseUrl(infrastructure.postgresUrl, namespace.database('directory')),
  );
  license = (await createDoctor(client)).doctor.licenseNumber;
}, 60_000);

afterAll(async () => {
  await client?.close();
  await journal?.destroy();
  await directoryDb?.destroy();
  await orchestrator?.app.stop();
  await participants?.stop();
  await roster?.close();
  await namespace.cleanup();
});

async function startImport(rosterSourceUrl?: string): Promise<string> {
  const hospital = await client.rpc.call(hospitalRpc.create, {
    name: `Hospital ${randomUUID().slice(0, 8)}`,
    ...(rosterSourceUrl ? { rosterSourceUrl } : {}),
  });
  const { importId } = await client.rpc.call(scheduleImportRpc.start, {
    hospitalId: hospital.id,
    startedBy: randomUUID(),
    fileName: 'march.csv',
    fileType: 'csv',
    contentBase64: SAMPLE.toString('base64'),
  });
  return importId;
}

async function waitForPhase(importId: string, phase: string, state: string): Promise<void> {
  await eventually(
    async () => {
      const row = await journal
        .selectFrom('saga_steps')
        .select('state')
        .where('saga_id', '=', importId)
        .where('name', '=', phase)
        .executeTakeFirst();
      expect(row?.state).toBe(state);
    },
    { timeoutMs: 15_000, intervalMs: 20 },
  );
}

async function killAndRestart(): Promise<void> {
  await orchestrator.app.stop('SIGKILL');
  orchestrator = await spawnOrchestrator(namespace, ORCHESTRATOR_ENV);
}

async function ended(importId: string): Promise<ScheduleImportView> {
  return eventually(
    async () => {
      const view = await client.rpc.call(scheduleImportRpc.get, { id: importId });
      expect(['completed', 'failed']).toContain(view.status);
      return view;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

async function count(
  table: 'schedule_shifts' | 'schedule_assignments',
  versionId: string,
): Promise<number> {
  const row = await directoryDb
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('version_id', '=', versionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('schedule import with the orchestrator killed (SIGKILL) mid-phase, then restarted', () => {
  it('finishes an import killed during phase 1, storing its version once', async () => {
    const importId = await startImport();
    await waitForPhase(importId, 'spreadsheet', 'started');

    await killAndRestart();
    const view = await ended(importId);

    expect(view.status).toBe('completed');
    expect(view.phases.map((p) => p.state)).toEqual(['succeeded', 'skipped', 'succeeded']);
    const versions = await directoryDb
      .selectFrom('schedule_versions')
      .select('id')
      .where('import_id', '=', importId)
      .execute();
    expect(versions).toEqual([{ id: view.result.scheduleVersionId }]);
    expect(await count('schedule_shifts', versions[0]?.id ?? '')).toBe(8);
  });

  it('finishes an import killed during phase 2, assigning each roster entry once', async () => {
    roster.route('/slow-roster.json', {
      delayMs: 1_500,
      body: JSON.stringify([
        { date: '2026-03-02', unit: 'ICU', shift: 'Day', licenseNumber: license },
        { date: '2026-03-03', unit: 'Emergency', shift: 'Late', licenseNumber: license },
      ]),
    });
    const importId = await startImport(roster.url('/slow-roster.json'));
    await waitForPhase(importId, 'roster', 'started');
    await eventually(() => expect(roster.hits('/slow-roster.json')).toBe(1), {
      timeoutMs: 15_000,
      intervalMs: 20,
    });

    await killAndRestart();
    const view = await ended(importId);

    expect(view.status).toBe('completed');
    expect(view.phases.map((p) => p.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(view.result.assignmentCount).toBe(2);
    expect(await count('schedule_assignments', view.result.scheduleVersionId ?? '')).toBe(2);
  });
});
