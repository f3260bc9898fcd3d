/**
 * The cross-database check of a saga chaos run: the orchestrator's journal against what the
 * participants' databases really contain. Reads only (SELECT), after every process has stopped.
 */
import { DOCTOR_ROLE_PERMISSIONS } from '@medicalink/contracts';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { SagaState, SagaTables } from '@medicalink/saga';
import type { TestNamespace } from '@medicalink/testing';

interface AccountsDb {
  accounts: { id: string; email: string };
  account_permissions: { account_id: string; permission: string };
}
interface DirectoryDb {
  doctors: { id: string; account_id: string; license_number: string };
}

/** The journal's type of the doctor-creation saga (the one this check understands). */
export const DOCTOR_SAGA_TYPE = 'doctor-creation';

export interface JournaledSaga {
  id: string;
  type: string;
  state: SagaState;
  businessKey: string;
  flagged: string | null;
  accountId: string | undefined;
  doctorId: string | undefined;
  permissions: string[];
  failure: unknown;
  updatedAt: Date;
  /** `name:state(attempts/compensationAttempts)` in step order */
  steps: string[];
}

export interface Snapshot {
  sagas: JournaledSaga[];
  accounts: Map<string, { email: string; permissions: Set<string> }>;
  doctors: Map<string, { accountId: string; licenseNumber: string }>;
}

/** Opens the three databases of the namespace (read-only use), runs `work`, closes them. */
async function withDatabases<T>(
  namespace: TestNamespace,
  work: (dbs: {
    journal: Kysely<SagaTables>;
    accounts: Kysely<AccountsDb>;
    directory: Kysely<DirectoryDb>;
  }) => Promise<T>,
): Promise<T> {
  const url = (app: string) =>
    databaseUrl(namespace.infrastructure.postgresUrl, namespace.database(app));
  const options = { maxConnections: 2 };
  const journal = createDatabase<SagaTables>(url('orchestrator'), options);
  const accounts = createDatabase<AccountsDb>(url('accounts'), options);
  const directory = createDatabase<DirectoryDb>(url('directory'), options);
  try {
    return await work({ journal, accounts, directory });
  } finally {
    await Promise.all([journal.destroy(), accounts.destroy(), directory.destroy()]);
  }
}

/** Saga counts by state, straight from the journal (for progress and the settle wait). */
export async function stateCounts(journal: Kysely<SagaTables>): Promise<Record<string, number>> {
  const rows = await journal
    .selectFrom('sagas')
    .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

export async function loadSnapshot(namespace: TestNamespace): Promise<Snapshot> {
  return withDatabases(namespace, async ({ journal, accounts, directory }) => {
    const [sagaRows, stepRows, accountRows, permissionRows, doctorRows] = await Promise.all([
      journal.selectFrom('sagas').selectAll().execute(),
      journal.selectFrom('saga_steps').selectAll().orderBy('position').execute(),
      accounts.selectFrom('accounts').select(['id', 'email']).execute(),
      accounts.selectFrom('account_permissions').select(['account_id', 'permission']).execute(),
      directory.selectFrom('doctors').select(['id', 'account_id', 'license_number']).execute(),
    ]);
    const stepsBySaga = new Map<string, string[]>();
    for (const step of stepRows) {
      const list = stepsBySaga.get(step.saga_id) ?? [];
      list.push(`${step.name}:${step.state}(${step.attempts}/${step.compensation_attempts})`);
      stepsBySaga.set(step.saga_id, list);
    }
    const sagas = sagaRows.map((row): JournaledSaga => {
      const input = (row.input ?? {}) as Record<string, unknown>;
      return {
        id: row.id,
        type: row.type,
        state: row.state,
        businessKey: row.business_key,
        flagged: row.flagged,
        accountId: typeof input['accountId'] === 'string' ? input['accountId'] : undefined,
        doctorId: typeof input['doctorId'] === 'string' ? input['doctorId'] : undefined,
        permissions: Array.isArray(input['permissions'])
          ? input['permissions'].filter((p): p is string => typeof p === 'string')
          : [],
        failure: row.failure,
        updatedAt: row.updated_at,
        steps: stepsBySaga.get(row.id) ?? [],
      };
    });
    const accountMap = new Map(
      accountRows.map((row) => [row.id, { email: row.email, permissions: new Set<string>() }]),
    );
    for (const row of permissionRows)
      accountMap.get(row.account_id)?.permissions.add(row.permission);
    const doctorMap = new Map(
      doctorRows.map((row) => [
        row.id,
        { accountId: row.account_id, licenseNumber: row.license_number },
      ]),
    );
    return { sagas, accounts: accountMap, doctors: doctorMap };
  });
}

/** What the client was told for one command; undefined if it got no reply. */
export type Reply =
  { ok: true; sagaId: string } | { ok: false; code: string; sagaId?: string; state?: string };

export type Outcome = 'completed' | 'compensated' | 'compensation_failed' | 'stuck';

export interface CheckReport {
  /** per command (a redelivered request can journal a second saga for the same command) */
  outcomes: Record<Outcome, number>;
  /** commands that never got a journal row */
  unjournaled: string[];
  /** journal rows per state (all of them, duplicates included) */
  journalStates: Record<string, number>;
  duplicates: number;
  /** findings, one line each, for the summary */
  stuck: string[];
  compensationFailed: string[];
  /** a completed saga missing data, or a compensated one that left rows behind */
  inconsistent: string[];
  orphanRows: string[];
  /** journal rows whose business key is none of the run's commands */
  foreign: string[];
  /** SAGA_INTERRUPTED replies, by the journal state of their saga */
  interruptedReplies: Record<string, number>;
  orphans: number;
}

const LIVE: ReadonlySet<SagaState> = new Set(['running', 'compensating']);

/**
 * Checks each doctor-creation saga against the participants, then looks for rows no completed
 * saga owns. Sagas of other types are only counted (journalStates) and, when live, stuck.
 */
export function checkSnapshot(
  fullSnapshot: Snapshot,
  emails: readonly string[],
  replies: ReadonlyMap<string, Reply> = new Map(),
): CheckReport {
  const snapshot = {
    ...fullSnapshot,
    sagas: fullSnapshot.sagas.filter((saga) => saga.type === DOCTOR_SAGA_TYPE),
  };
  const bySaga = (saga: JournaledSaga) =>
    `saga ${saga.id} <${saga.businessKey}> ${saga.state}${saga.flagged ? ` flagged "${saga.flagged}"` : ''} [${saga.steps.join(' ')}]`;
  const rowsOf = (saga: JournaledSaga) => {
    const account = saga.accountId ? snapshot.accounts.get(saga.accountId) : undefined;
    const doctor = saga.doctorId ? snapshot.doctors.get(saga.doctorId) : undefined;
    return { account, doctor };
  };
  const describeRows = (saga: JournaledSaga) => {
    const { account, doctor } = rowsOf(saga);
    const parts = [];
    if (account)
      parts.push(`account ${saga.accountId} (permissions ${[...account.permissions].join(',')})`);
    if (doctor) parts.push(`profile ${saga.doctorId}`);
    return parts.length > 0 ? parts.join(' + ') : 'no rows';
  };

  const report: CheckReport = {
    outcomes: { completed: 0, compensated: 0, compensation_failed: 0, stuck: 0 },
    unjournaled: [],
    journalStates: {},
    duplicates: 0,
    stuck: [],
    compensationFailed: [],
    inconsistent: [],
    orphanRows: [],
    foreign: [],
    interruptedReplies: {},
    orphans: 0,
  };

  for (const saga of fullSnapshot.sagas) {
    report.journalStates[saga.state] = (report.journalStates[saga.state] ?? 0) + 1;
  }
  const sagasByKey = new Map<string, JournaledSaga[]>();
  for (const saga of snapshot.sagas) {
    const list = sagasByKey.get(saga.businessKey) ?? [];
    list.push(saga);
    sagasByKey.set(saga.businessKey, list);
  }
  const known = new Set(emails.map((email) => email.toLowerCase()));
  for (const saga of snapshot.sagas) {
    if (!known.has(saga.businessKey)) report.foreign.push(bySaga(saga));
  }

  // Rows owned by a completed saga are expected; rows of a compensation_failed one are known
  // leftovers (reported with it, needing manual intervention); anything else is an orphan.
  const ownedAccounts = new Set<string>();
  const ownedDoctors = new Set<string>();
  const knownLeftovers = new Set<string>();

  for (const saga of snapshot.sagas) {
    const { account, doctor } = rowsOf(saga);
    if (LIVE.has(saga.state)) {
      report.stuck.push(`${bySaga(saga)} -> ${describeRows(saga)}`);
    } else if (saga.state === 'completed') {
      if (saga.accountId) ownedAccounts.add(saga.accountId);
      if (saga.doctorId) ownedDoctors.add(saga.doctorId);
      const expected = [...new Set([...DOCTOR_ROLE_PERMISSIONS, ...saga.permissions])];
      const missing = [];
      if (!account) missing.push('account');
      if (!doctor) missing.push('profile');
      else if (doctor.accountId !== saga.accountId) missing.push('profile.account_id');
      const lacking = expected.filter((p) => !account?.permissions.has(p));
      if (account && lacking.length > 0) missing.push(`permissions ${lacking.join(',')}`);
      if (missing.length > 0)
        report.inconsistent.push(`${bySaga(saga)}: completed but missing ${missing.join(', ')}`);
    } else if (saga.state === 'compensated') {
      if (account || doctor)
        report.inconsistent.push(`${bySaga(saga)}: compensated but left ${describeRows(saga)}`);
    } else {
      if (account && saga.accountId) knownLeftovers.add(saga.accountId);
      if (doctor && saga.doctorId) knownLeftovers.add(saga.doctorId);
      report.compensationFailed.push(`${bySaga(saga)} -> remaining: ${describeRows(saga)}`);
    }
  }

  for (const email of emails) {
    const sagas = sagasByKey.get(email.toLowerCase()) ?? [];
    if (sagas.length === 0) {
      report.unjournaled.push(email);
      continue;
    }
    report.duplicates += sagas.length - 1;
    const states = new Set(sagas.map((saga) => saga.state));
    const outcome: Outcome = [...states].some((state) => LIVE.has(state))
      ? 'stuck'
      : states.has('compensation_failed')
        ? 'compensation_failed'
        : states.has('completed')
          ? 'completed'
          : 'compensated';
    report.outcomes[outcome] += 1;
  }

  // A reply must agree with the journal: success only for a completed saga, and a failure
  // naming an end state only for a saga in that end state.
  const sagaById = new Map(snapshot.sagas.map((saga) => [saga.id, saga]));
  for (const [email, reply] of replies) {
    const saga = reply.sagaId ? sagaById.get(reply.sagaId) : undefined;
    if (reply.ok) {
      if (saga?.state !== 'completed')
        report.inconsistent.push(
          `<${email}>: replied success for saga ${reply.sagaId}, journal says ${saga ? bySaga(saga) : 'no such saga'}`,
        );
    } else if (reply.code === 'SAGA_INTERRUPTED') {
      const key = saga?.state ?? 'no journal row';
      report.interruptedReplies[key] = (report.interruptedReplies[key] ?? 0) + 1;
    } else if (reply.state && !LIVE.has(reply.state as SagaState) && saga?.state !== reply.state) {
      // A reply naming a live state (a pending saga) said how far it was then, not how it ended.
      report.inconsistent.push(
        `<${email}>: replied ${reply.code} with saga ${reply.sagaId} ${reply.state}, journal says ${saga ? bySaga(saga) : 'no such saga'}`,
      );
    }
  }

  const sagaOfAccount = new Map<string, JournaledSaga>();
  const sagaOfDoctor = new Map<string, JournaledSaga>();
  for (const saga of snapshot.sagas) {
    if (saga.accountId) sagaOfAccount.set(saga.accountId, saga);
    if (saga.doctorId) sagaOfDoctor.set(saga.doctorId, saga);
  }
  const owner = (saga: JournaledSaga | undefined) =>
    saga ? `from ${bySaga(saga)}` : 'from no journaled saga';
  for (const [id, account] of snapshot.accounts) {
    if (ownedAccounts.has(id) || knownLeftovers.has(id)) continue;
    report.orphanRows.push(
      `account ${id} <${account.email}> permissions [${[...account.permissions].join(',')}] ${owner(sagaOfAccount.get(id))}`,
    );
  }
  for (const [id, doctor] of snapshot.doctors) {
    if (ownedDoctors.has(id) || knownLeftovers.has(id)) continue;
    report.orphanRows.push(
      `profile ${id} (account ${doctor.accountId}, license ${doctor.licenseNumber}) ${owner(sagaOfDoctor.get(id))}`,
    );
  }
  report.outcomes.stuck = Math.max(
    report.outcomes.stuck,
    fullSnapshot.sagas.filter((saga) => LIVE.has(saga.state)).length,
  );
  report.orphans = report.orphanRows.length + report.unjournaled.length;
  return report;
}
