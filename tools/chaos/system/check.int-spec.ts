import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDatabase, databaseUrl, sql, type Kysely } from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';
import { createTestNamespace, eventually, startSystem, type TestSystem } from '@medicalink/testing';
import { stateCounts } from '../saga-check';
import { checkWrites, type Findings } from './accounting';
import { ChaosLoad } from './load';
import { waitUntilSettled } from './settle';
import { loadSystemSnapshot, type SystemSnapshot } from './snapshot';

/**
 * The chaos run's load and check against a real system, without faults (nothing shared is
 * stopped): a quiet run must check clean, and rows changed behind the system's back afterwards
 * must each show up in the count they belong to.
 */
const ADMIN = { email: 'check-main@medicalink.local', password: 'Check-main-password-0123' };

let system: TestSystem;
let load: ChaosLoad;

const counts = (findings: Findings) => ({
  lost: findings.lost.length,
  orphans: findings.orphans.length,
  stuck: findings.stuck.length,
  inconsistent: findings.inconsistent.length,
  duplicates: findings.duplicates.length,
});

beforeAll(async () => {
  system = await startSystem({
    namespace: createTestNamespace(inject('infrastructure'), 'chk'),
    admin: ADMIN,
    env: {
      RATE_LIMIT_PER_TOKEN: '10000000',
      RATE_LIMIT_PER_ADDRESS: '10000000',
    },
  });
  load = new ChaosLoad(system, { doctorWriters: 1, readers: 1, log: () => undefined });
  await load.start();
  try {
    // Until every kind of write has succeeded at least once (imports twice: the check below
    // changes one schedule version and copies another).
    await eventually(
      () => {
        const { doctors, products, registrations, imports } = load.writes;
        expect(doctors.some((w) => w.created)).toBe(true);
        expect(products.some((w) => w.committedGuid)).toBe(true);
        expect(registrations.some((w) => w.completedRecordId)).toBe(true);
        expect(imports.filter((w) => w.importId).length).toBeGreaterThanOrEqual(2);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  } finally {
    await load.stop();
  }
  await load.retryUnsettled();
  const journal = createDatabase<SagaTables>(
    databaseUrl(system.infrastructure.postgresUrl, system.namespace.database('orchestrator')),
    { maxConnections: 1 },
  );
  const settled = await waitUntilSettled(() => stateCounts(journal), {
    deadline: Date.now() + 60_000,
    intervalMs: 200,
  }).finally(() => journal.destroy());
  expect(settled.settled).toBe(true);
  await load.readFinalStates();
  await system.stopApps();
}, 300_000);

afterAll(async () => {
  await system?.stop();
});

describe('the system chaos check, against real databases', () => {
  it('records every request of the load, and finds nothing wrong after a run without faults', async () => {
    expect(load.records.length).toBeGreaterThan(0);
    expect(new Set(load.records.map((r) => r.kind))).toEqual(
      new Set(['doctor', 'read', 'list', 'session', 'commit', 'registration', 'import']),
    );
    expect(load.records.filter((r) => r.status === 0 || r.status >= 500)).toEqual([]);
    const snapshot = await loadSystemSnapshot(system.namespace);
    expect(snapshot.products.length).toBeGreaterThan(0);
    expect(snapshot.records.length).toBeGreaterThan(0);
    expect(snapshot.versions.length).toBeGreaterThan(0);
    expect(checkWrites(snapshot, load.writes, [ADMIN.email])).toEqual({
      lost: [],
      orphans: [],
      stuck: [],
      inconsistent: [],
      duplicates: [],
      draftsLost: [],
    });
  });

  it('counts each row changed behind the system’s back where it belongs', async () => {
    const before: SystemSnapshot = await loadSystemSnapshot(system.namespace);
    const { writes } = load;
    const doctor = writes.doctors.find((w) => w.created)!.created!;
    const product = writes.products.find((w) => w.final?.productGuid)!.final!.productGuid!;
    const record = writes.registrations.find((w) => w.final?.createdEducationId)!.final!
      .createdEducationId!;
    const version = before.versions[0]!;
    const twice = before.versions.at(-1)!;
    expect(twice.id).not.toBe(version.id);
    const importSaga = before.sagas.find((saga) => saga.type === 'schedule-import')!;
    const change = async (app: string, statement: (db: Kysely<unknown>) => Promise<unknown>) => {
      const connection: Kysely<unknown> = createDatabase(
        databaseUrl(system.infrastructure.postgresUrl, system.namespace.database(app)),
        { maxConnections: 1 },
      );
      try {
        await statement(connection);
      } finally {
        await connection.destroy();
      }
    };
    // lost: a created doctor's profile, a completed registration's record
    await change('directory', (db) =>
      sql`delete from doctors where id = ${doctor.doctorId}`.execute(db),
    );
    await change('education', (db) =>
      sql`delete from education_records where id = ${record}`.execute(db),
    );
    // orphans: a product no session of the run created, a version of no import of the run
    await change('product', (db) =>
      sql`update products set creation_key = 'session:not-of-this-run:commit' where id = ${product}`.execute(
        db,
      ),
    );
    await change('directory', (db) =>
      sql`update schedule_versions set import_id = gen_random_uuid() where id = ${version.id}`.execute(
        db,
      ),
    );
    // a duplicate (and an orphan: the import names the other one): a second version of an import
    await change('directory', (db) =>
      sql`insert into schedule_versions (id, hospital_id, import_id, status, source_file, shift_count, coverage)
          select gen_random_uuid(), hospital_id, import_id, status, source_file, shift_count, coverage
          from schedule_versions where id = ${twice.id}`.execute(db),
    );
    // stuck: a saga still running
    await change('orchestrator', (db) =>
      sql`update sagas set state = 'running' where id = ${importSaga.id}`.execute(db),
    );

    const findings = checkWrites(await loadSystemSnapshot(system.namespace), writes, [ADMIN.email]);
    // the missing profile is also a completed saga missing its profile: inconsistent
    expect(counts(findings)).toEqual({
      lost: 2,
      orphans: 3,
      stuck: 1,
      inconsistent: 1,
      duplicates: 1,
    });
    expect(findings.duplicates.join('\n')).toContain(twice.importId);
    expect(findings.lost.join('\n')).toContain(doctor.doctorId);
    expect(findings.lost.join('\n')).toContain(record);
    expect(findings.orphans.join('\n')).toContain(product);
    expect(findings.orphans.join('\n')).toContain(version.id);
    expect(findings.stuck.join('\n')).toContain(importSaga.id);
  });
});
