import { describe, expect, it } from 'vitest';
import type { JournaledSaga } from '../saga-check';
import {
  checkWrites,
  failuresInWindow,
  failuresOutsideWindows,
  measureRecoveries,
  passed,
  summarize,
  summaryLine,
  type Findings,
} from './accounting';
import type { FaultWindow, RequestRecord } from './model';
import { waitUntilSettled } from './settle';
import type { SystemSnapshot } from './snapshot';
import type { Writes } from './writes';

const request = (
  kind: RequestRecord['kind'],
  start: number,
  status: number,
  extra: Partial<RequestRecord> = {},
): RequestRecord => ({ kind, start, end: start + 100, status, ...extra });

const saga = (overrides: Partial<JournaledSaga> & Pick<JournaledSaga, 'id'>): JournaledSaga => ({
  type: 'doctor-creation',
  state: 'completed',
  businessKey: `${overrides.id}@medicalink.test`,
  flagged: null,
  accountId: `acc-${overrides.id}`,
  doctorId: `doc-${overrides.id}`,
  permissions: [],
  failure: null,
  updatedAt: new Date(0),
  steps: [],
  ...overrides,
});

/** A run where every write landed as the client was told: the checks find nothing. */
function cleanRun(): { snapshot: SystemSnapshot; writes: Writes } {
  const doctorSaga = saga({ id: 's1' });
  return {
    snapshot: {
      sagas: [doctorSaga, saga({ id: 'imp-1', type: 'schedule-import', businessKey: 'hosp-1' })],
      accounts: new Map([
        [
          'acc-s1',
          {
            email: 's1@medicalink.test',
            permissions: new Set(['doctor:read', 'schedule:read']),
          },
        ],
        ['acc-admin', { email: 'chaos-main@medicalink.local', permissions: new Set<string>() }],
      ]),
      doctors: new Map([['doc-s1', { accountId: 'acc-s1', licenseNumber: 'L-1' }]]),
      products: [{ id: 'p1', code: 'CH-1', creationKey: 'session:sess-1:commit' }],
      records: [{ id: 'r1', sessionId: 'reg-1' }],
      imports: new Set(['imp-1']),
      versions: [{ id: 'v1', importId: 'imp-1' }],
    },
    writes: {
      doctors: [
        {
          email: 's1@medicalink.test',
          reply: { ok: true, sagaId: 's1' },
          created: { sagaId: 's1', accountId: 'acc-s1', doctorId: 'doc-s1' },
        },
      ],
      products: [
        {
          sessionId: 'sess-1',
          code: 'CH-1',
          committedGuid: 'p1',
          final: { state: 'committed', productGuid: 'p1' },
        },
      ],
      registrations: [
        {
          idempotencyKey: 'k1',
          userBusinessId: 'B-1',
          accountId: 'acc-s1',
          completedRecordId: 'r1',
          final: { sessionId: 'reg-1', status: 'workflow_completed', createdEducationId: 'r1' },
        },
      ],
      imports: [
        {
          idempotencyKey: 'k2',
          importId: 'imp-1',
          final: { status: 'completed', scheduleVersionId: 'v1' },
        },
      ],
    },
  };
}

const counts = (findings: Findings) => ({
  lost: findings.lost.length,
  orphans: findings.orphans.length,
  stuck: findings.stuck.length,
  inconsistent: findings.inconsistent.length,
});
const ADMIN = ['chaos-main@medicalink.local'];

describe('checkWrites: every kind of write against the databases', () => {
  it('finds nothing when every write landed as the client was told', () => {
    const { snapshot, writes } = cleanRun();
    expect(checkWrites(snapshot, writes, ADMIN)).toEqual({
      lost: [],
      orphans: [],
      stuck: [],
      inconsistent: [],
      duplicates: [],
      draftsLost: [],
    });
  });

  it('counts a write carried out twice as a duplicate: a second saga, product, record or version', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.sagas.push(
      saga({ id: 's1-again', businessKey: 's1@medicalink.test', state: 'compensated' }),
    );
    snapshot.products.push({ id: 'p1-again', code: 'CH-1', creationKey: 'session:sess-1:commit' });
    snapshot.records.push({ id: 'r1-again', sessionId: 'reg-1' });
    snapshot.versions.push({ id: 'v1-again', importId: 'imp-1' });
    const findings = checkWrites(snapshot, writes, ADMIN);
    expect(findings.duplicates).toEqual([
      'doctor <s1@medicalink.test>: 2 sagas (s1 completed, s1-again compensated)',
      'product session sess-1: 2 products (p1, p1-again)',
      'registration session reg-1: 2 education records (r1, r1-again)',
      'import imp-1: 2 schedule versions (v1, v1-again)',
    ]);
    // the extra rows are named by no write's final state: orphans as well
    expect(findings.orphans).toHaveLength(3);
  });

  it('counts a completed saga missing its permissions, and a compensation that failed, as inconsistent', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.accounts.get('acc-s1')!.permissions.delete('schedule:read');
    snapshot.sagas.push(saga({ id: 's2', state: 'compensation_failed' }));
    snapshot.accounts.set('acc-s2', { email: 's2@medicalink.test', permissions: new Set() });
    writes.doctors.push({
      email: 's2@medicalink.test',
      reply: { ok: false, code: '503', sagaId: 's2' },
    });
    const findings = checkWrites(snapshot, writes, ADMIN);
    expect(counts(findings)).toEqual({ lost: 0, orphans: 0, stuck: 0, inconsistent: 2 });
    expect(findings.inconsistent.join('\n')).toMatch(
      /completed but missing permissions schedule:read/,
    );
    expect(findings.inconsistent.join('\n')).toMatch(/compensation failed: saga s2/);
  });

  it('counts a success reply the journal contradicts as inconsistent', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.sagas.push(
      saga({ id: 's3', state: 'compensated', accountId: undefined, doctorId: undefined }),
    );
    writes.doctors.push({ email: 's3@medicalink.test', reply: { ok: true, sagaId: 's3' } });
    expect(counts(checkWrites(snapshot, writes, ADMIN))).toEqual({
      lost: 0,
      orphans: 0,
      stuck: 0,
      inconsistent: 1,
    });
  });

  it('holds a failure reply to the end state it names, not to the live state a pending one named', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.sagas.push(
      saga({ id: 's4', state: 'compensated', accountId: undefined, doctorId: undefined }),
      saga({ id: 's5', state: 'compensated', accountId: undefined, doctorId: undefined }),
    );
    writes.doctors.push(
      {
        email: 's4@medicalink.test',
        reply: { ok: false, code: 'SAGA_PENDING', sagaId: 's4', state: 'compensating' },
      },
      {
        email: 's5@medicalink.test',
        reply: { ok: false, code: 'SAGA_FAILED', sagaId: 's5', state: 'compensation_failed' },
      },
    );
    const findings = checkWrites(snapshot, writes, ADMIN);
    expect(findings.inconsistent).toHaveLength(1);
    expect(findings.inconsistent[0]).toMatch(/s5@medicalink.test.*compensation_failed/);
  });

  it('counts a 201 doctor whose profile is missing as a lost write', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.doctors.clear();
    const findings = checkWrites(snapshot, writes, ADMIN);
    expect(findings.lost).toEqual([
      'doctor <s1@medicalink.test> (201, saga s1): profile doc-s1 missing',
    ]);
  });

  it('counts a product no committed session of the run owns as an orphan', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.products.push(
      { id: 'p2', code: 'CH-2', creationKey: 'session:sess-2:commit' },
      { id: 'p3', code: 'CH-3', creationKey: null },
    );
    writes.products.push({
      sessionId: 'sess-2',
      code: 'CH-2',
      final: { state: 'failed', productGuid: null },
    });
    const findings = checkWrites(snapshot, writes, ADMIN);
    expect(counts(findings)).toEqual({ lost: 0, orphans: 2, stuck: 0, inconsistent: 0 });
    expect(findings.orphans[0]).toMatch(/product p2 .*session sess-2 is failed/);
  });

  it('counts a committed product that is missing as lost, and a commit the session contradicts as inconsistent', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.products = [];
    writes.products.push({
      sessionId: 'sess-9',
      code: 'CH-9',
      committedGuid: 'p9',
      final: { state: 'failed', productGuid: null },
    });
    expect(counts(checkWrites(snapshot, writes, ADMIN))).toEqual({
      lost: 2,
      orphans: 0,
      stuck: 0,
      inconsistent: 1,
    });
  });

  it('accepts a draft gone with Redis only if Redis lost its data and the draft created nothing', () => {
    const gone = { state: 'gone', productGuid: null };
    const { snapshot, writes } = cleanRun();
    writes.products.push({ sessionId: 'sess-draft', code: 'CH-D', final: gone });
    const lostWithRedis = checkWrites(snapshot, writes, ADMIN, true);
    expect(counts(lostWithRedis)).toEqual({ lost: 0, orphans: 0, stuck: 0, inconsistent: 0 });
    expect(lostWithRedis.draftsLost).toEqual(['product session sess-draft (CH-D)']);
    // without a Redis fault a session never vanishes
    expect(checkWrites(snapshot, writes, ADMIN, false).inconsistent).toEqual([
      'product session sess-draft: gone (404), though Redis lost nothing',
    ]);
    // a commit that answered success, or a product made under its key, is never a lost draft
    writes.products.push({
      sessionId: 'sess-done',
      code: 'CH-E',
      committedGuid: 'p5',
      final: gone,
    });
    snapshot.products.push({ id: 'p6', code: 'CH-D', creationKey: 'session:sess-draft:commit' });
    const findings = checkWrites(snapshot, writes, ADMIN, true);
    expect(findings.inconsistent).toEqual([
      'product session sess-done: gone (404), though its commit answered product p5',
    ]);
    expect(findings.orphans).toEqual([expect.stringMatching(/product p6 .*sess-draft is gone/)]);
  });

  it('checks education records both ways', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.records = [{ id: 'r-stray', sessionId: 'reg-unknown' }];
    writes.registrations.push({ idempotencyKey: 'k9', userBusinessId: 'B-9', accountId: 'a' });
    const findings = checkWrites(snapshot, writes, ADMIN);
    expect(counts(findings)).toEqual({ lost: 1, orphans: 1, stuck: 0, inconsistent: 1 });
    expect(findings.inconsistent[0]).toMatch(/never settled/);
  });

  it('checks schedule imports: stored, journaled, and no version without its completed import', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.imports.clear();
    snapshot.versions.push({ id: 'v-left', importId: 'imp-2' });
    writes.imports.push({
      idempotencyKey: 'k3',
      importId: 'imp-2',
      final: { status: 'failed', scheduleVersionId: null },
    });
    const findings = checkWrites(snapshot, writes, ADMIN);
    expect(findings.lost).toEqual([
      'accepted import imp-1: its row missing',
      'accepted import imp-2: its row and its saga missing',
    ]);
    expect(findings.orphans).toEqual([
      'schedule version v-left of import imp-2: the import is failed',
    ]);
  });

  it('counts a live saga of any type as stuck', () => {
    const { snapshot, writes } = cleanRun();
    snapshot.sagas[1] = { ...snapshot.sagas[1]!, state: 'running' };
    expect(checkWrites(snapshot, writes, ADMIN).stuck).toEqual([
      'schedule-import saga imp-1 <hosp-1> running []',
    ]);
  });
});

describe('recovery, keyed to what the fault took away', () => {
  const back = 10_000;

  it('after the product service is killed, only a commit (which needs it) recovers it', () => {
    const windows: FaultWindow[] = [
      { name: 'SIGKILL product', dependency: 'product', start: 5_000, back },
    ];
    const records = [
      request('read', back + 100, 200),
      request('doctor', back + 200, 201),
      request('commit', back + 900, 200),
    ];
    const [window] = measureRecoveries(windows, records);
    expect(window!.recovered).toBe(back + 1_000);
  });

  it('after the education service is killed, a registration recovers it', () => {
    const windows: FaultWindow[] = [
      { name: 'SIGKILL education', dependency: 'education', start: 5_000, back },
    ];
    const [none] = measureRecoveries(windows, [request('commit', back + 10, 200)]);
    expect(none!.recovered).toBeUndefined();
    const [seen] = measureRecoveries(windows, [request('registration', back + 10, 201)]);
    expect(seen!.recovered).toBe(back + 110);
  });

  it('a read answered without Redis does not recover Redis', () => {
    const windows: FaultWindow[] = [{ name: 'redis', dependency: 'redis', start: 5_000, back }];
    const records = [
      request('read', back + 10, 200, { degraded: true }),
      request('read', back + 50, 200),
    ];
    expect(measureRecoveries(windows, records)[0]!.recovered).toBe(back + 150);
  });

  it('any request recovers the gateway; failures and requests started before the return do not', () => {
    const windows: FaultWindow[] = [
      { name: 'SIGKILL api-gateway', dependency: 'api-gateway', start: 5_000, back },
    ];
    const records = [
      request('list', back - 50, 200),
      request('list', back + 10, 503),
      request('list', back + 20, 200),
    ];
    expect(measureRecoveries(windows, records)[0]!.recovered).toBe(back + 120);
  });
});

describe('5xx outside fault windows', () => {
  it('counts server failures and no-responses outside every window, not those inside one', () => {
    const windows: FaultWindow[] = [
      { name: 'redis', dependency: 'redis', start: 1_000, back: 2_000, recovered: 2_500 },
    ];
    const records = [
      request('read', 1_500, 503),
      request('read', 2_500 + 2_000, 0), // within the grace after the recovery
      request('read', 9_000, 500),
      request('read', 9_500, 404),
    ];
    expect(failuresOutsideWindows(records, windows).map((r) => r.start)).toEqual([9_000]);
    expect(failuresInWindow(records, windows[0]!).map((r) => r.start)).toEqual([1_500, 4_500]);
  });
});

describe('the summary line', () => {
  it('has every count and the recovery p99 with its number of faults, and fails on any count', () => {
    const windows: FaultWindow[] = Array.from({ length: 20 }, (_, i) => ({
      name: `fault ${i}`,
      dependency: 'rabbitmq' as const,
      start: 0,
      back: 1_000,
      recovered: 1_000 + (i + 1) * 100,
    }));
    const findings: Findings = {
      lost: [],
      orphans: [],
      stuck: [],
      inconsistent: ['x'],
      duplicates: [],
      draftsLost: [],
    };
    const summary = summarize(
      [request('doctor', 0, 201), request('read', 50_000, 500)],
      windows,
      findings,
    );
    expect(summaryLine(summary)).toBe(
      'chaos system: requests 2, 5xx outside fault windows 1, lost writes 0, orphans 0, stuck sagas 0, inconsistent 1, recovery p99 2.00 s over 20 faults',
    );
    expect(passed(summary)).toBe(false);
    expect(passed({ ...summary, failuresOutside: 0, inconsistent: 0 })).toBe(true);
    expect(passed({ ...summary, failuresOutside: 0, inconsistent: 0, unrecoveredFaults: 1 })).toBe(
      false,
    );
  });
});

describe('waitUntilSettled', () => {
  it('never reads a journal query error as "nothing live"', async () => {
    let now = 0;
    const outcome = await waitUntilSettled(
      async () => {
        now += 1_000;
        throw new Error('the database system is starting up');
      },
      { deadline: 3_000, intervalMs: 1, now: () => now },
    );
    expect(outcome).toEqual({ settled: false, error: 'the database system is starting up' });
  });

  it('waits through errors and live sagas until none is live', async () => {
    const answers: (Record<string, number> | Error)[] = [
      new Error('connection refused'),
      { running: 2, completed: 5 },
      { completed: 7 },
    ];
    const outcome = await waitUntilSettled(
      async () => {
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
      { deadline: Date.now() + 60_000, intervalMs: 1 },
    );
    expect(outcome).toEqual({ settled: true, counts: { completed: 7 } });
  });
});
