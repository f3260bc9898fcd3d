/**
 * The accounting of a system chaos run, from what the load recorded and what the databases hold
 * afterwards: pure functions, so each count can be checked against made-up runs.
 */
import { percentile } from '../../bench/stats';
import { checkSnapshot, DOCTOR_SAGA_TYPE, type Reply } from '../saga-check';
import { isServerFailure, isSuccess, needs, type FaultWindow, type RequestRecord } from './model';
import type { SystemSnapshot } from './snapshot';
import type { DoctorWrite, ImportWrite, ProductWrite, RegistrationWrite, Writes } from './writes';

/** A fault's window lasts this long past its recovery (requests under way at the time). */
export const RECOVERY_GRACE_MS = 3_000;

/** The sagas that may still run or compensate after the settle time: none. */
const LIVE = new Set(['running', 'compensating']);

/**
 * Each fault's recovery: the end of the first successful request, started after the dependency
 * came back, of a kind that needs that dependency.
 */
export function measureRecoveries(
  windows: readonly FaultWindow[],
  records: readonly RequestRecord[],
): FaultWindow[] {
  return windows.map((window) => {
    const first = records
      .filter((r) => r.start >= window.back && isSuccess(r) && needs(r, window.dependency))
      .reduce<RequestRecord | undefined>(
        (best, r) => (!best || r.end < best.end ? r : best),
        undefined,
      );
    const { recovered: _, ...rest } = window;
    return first ? { ...rest, recovered: first.end } : rest;
  });
}

/** Whether a request overlaps a fault's window: from the fault to its recovery, plus the grace. */
function overlaps(r: RequestRecord, w: FaultWindow, graceMs: number): boolean {
  const end = Math.max(w.back, w.recovered ?? w.back) + graceMs;
  return r.end >= w.start && r.start <= end;
}

/**
 * Requests that failed on the server's side (a 5xx or no response) overlapping no fault window;
 * a window runs from the fault to its recovery (or to the dependency's return, when no request
 * recovered) plus RECOVERY_GRACE_MS.
 */
export function failuresOutsideWindows(
  records: readonly RequestRecord[],
  windows: readonly FaultWindow[],
  graceMs = RECOVERY_GRACE_MS,
): RequestRecord[] {
  return records.filter((r) => isServerFailure(r) && !windows.some((w) => overlaps(r, w, graceMs)));
}

/** Requests that failed on the server's side during one fault's window (excused, but told). */
export function failuresInWindow(
  records: readonly RequestRecord[],
  window: FaultWindow,
  graceMs = RECOVERY_GRACE_MS,
): RequestRecord[] {
  return records.filter((r) => isServerFailure(r) && overlaps(r, window, graceMs));
}

/** What the databases show wrong, one line per finding. */
export interface Findings {
  /** a write the client was told succeeded whose rows are missing */
  lost: string[];
  /** rows no finished write of the run owns */
  orphans: string[];
  /** sagas still running or compensating */
  stuck: string[];
  /**
   * data that disagrees with what the system said: a completed saga missing rows or
   * permissions, a compensated one that left rows, a compensation that failed (its rows remain),
   * a reply the journal or the write's final state contradicts, a write whose outcome the
   * system never settled
   */
  inconsistent: string[];
  /**
   * one write carried out more than once: a second doctor-creation saga journaled for one
   * command, or a second product, education record or schedule version for one session or
   * import (such a row is also an orphan: no write's final state names it)
   */
  duplicates: string[];
  /**
   * not failures: product drafts that were never committed and created nothing, lost with
   * Redis's data (a Redis fault restarts it empty; drafts live only there, by design)
   */
  draftsLost: string[];
}

const none = (): Findings => ({
  lost: [],
  orphans: [],
  stuck: [],
  inconsistent: [],
  duplicates: [],
  draftsLost: [],
});

function merge(...all: Findings[]): Findings {
  return {
    lost: all.flatMap((f) => f.lost),
    orphans: all.flatMap((f) => f.orphans),
    stuck: all.flatMap((f) => f.stuck),
    inconsistent: all.flatMap((f) => f.inconsistent),
    duplicates: all.flatMap((f) => f.duplicates),
    draftsLost: all.flatMap((f) => f.draftsLost),
  };
}

/** `what` once per extra row: rows grouped by their owner, each owner past its first row. */
function extraRows<T>(
  rows: readonly T[],
  ownerOf: (row: T) => string | undefined,
  what: (owner: string, rows: readonly T[]) => string,
): string[] {
  const byOwner = new Map<string, T[]>();
  for (const row of rows) {
    const owner = ownerOf(row);
    if (owner !== undefined) byOwner.set(owner, [...(byOwner.get(owner) ?? []), row]);
  }
  return [...byOwner].flatMap(([owner, owned]) => owned.slice(1).map(() => what(owner, owned)));
}

/** Doctors: the saga check (saga-check.ts) plus every 201's rows. */
export function checkDoctors(
  snapshot: SystemSnapshot,
  doctors: readonly DoctorWrite[],
  /** accounts that are nobody's saga (the bootstrap main account) */
  ownAccounts: readonly string[] = [],
): Findings {
  const replies = new Map<string, Reply>(
    doctors.flatMap((write) => (write.reply ? [[write.email, write.reply] as const] : [])),
  );
  const report = checkSnapshot(
    snapshot,
    doctors.map((write) => write.email),
    replies,
  );
  const findings = none();
  for (const { email, created } of doctors) {
    if (!created) continue;
    const missing = [
      ...(snapshot.accounts.has(created.accountId) ? [] : [`account ${created.accountId}`]),
      ...(snapshot.doctors.has(created.doctorId) ? [] : [`profile ${created.doctorId}`]),
    ];
    if (missing.length > 0)
      findings.lost.push(
        `doctor <${email}> (201, saga ${created.sagaId}): ${missing.join(' and ')} missing`,
      );
  }
  const own = new Set(ownAccounts.map((email) => `<${email.toLowerCase()}>`));
  findings.orphans.push(
    ...report.orphanRows.filter((row) => ![...own].some((email) => row.includes(email))),
  );
  findings.inconsistent.push(
    ...report.inconsistent,
    ...report.compensationFailed.map((line) => `compensation failed: ${line}`),
  );
  const commands = new Set(doctors.map((write) => write.email));
  findings.duplicates.push(
    ...extraRows(
      snapshot.sagas.filter(
        (saga) => saga.type === DOCTOR_SAGA_TYPE && commands.has(saga.businessKey),
      ),
      (saga) => saga.businessKey,
      (email, sagas) =>
        `doctor <${email}>: ${sagas.length} sagas (${sagas.map((saga) => `${saga.id} ${saga.state}`).join(', ')})`,
    ),
  );
  return findings;
}

const SESSION_COMMIT_KEY = /^session:(.+):commit$/;

/**
 * Products: each committed session's product exists, and each product is a committed session's.
 * A session gone from Redis (404) is consistent only when Redis lost its data in the run, its
 * commit never answered success and no product carries its commit's key (an orphan otherwise).
 */
export function checkProducts(
  snapshot: SystemSnapshot,
  products: readonly ProductWrite[],
  redisLost = false,
): Findings {
  const findings = none();
  const present = new Set(snapshot.products.map((row) => row.id));
  const bySession = new Map(products.map((write) => [write.sessionId, write]));
  for (const write of products) {
    const { sessionId, final, committedGuid } = write;
    if (!final) {
      findings.inconsistent.push(`product session ${sessionId}: its final state could not be read`);
    } else if (final.state === 'gone') {
      if (!redisLost || committedGuid) {
        findings.inconsistent.push(
          `product session ${sessionId}: gone (404)${committedGuid ? `, though its commit answered product ${committedGuid}` : ', though Redis lost nothing'}`,
        );
      } else findings.draftsLost.push(`product session ${sessionId} (${write.code})`);
    } else if (
      committedGuid &&
      (final.state !== 'committed' || final.productGuid !== committedGuid)
    ) {
      findings.inconsistent.push(
        `product session ${sessionId}: the commit answered product ${committedGuid}, the session says ${final.state} with ${final.productGuid ?? 'no product'}`,
      );
    }
    const guid = final?.state === 'committed' ? final.productGuid : committedGuid;
    if (guid && !present.has(guid))
      findings.lost.push(
        `product ${guid} of committed session ${sessionId} (${write.code}) missing`,
      );
  }
  for (const row of snapshot.products) {
    const sessionId = SESSION_COMMIT_KEY.exec(row.creationKey ?? '')?.[1];
    const owner = sessionId ? bySession.get(sessionId) : undefined;
    if (!owner) {
      findings.orphans.push(
        `product ${row.id} (${row.code}), created by ${row.creationKey ?? 'a call without a key'}: no session of the run`,
      );
    } else if (owner.final?.state !== 'committed' || owner.final.productGuid !== row.id) {
      findings.orphans.push(
        `product ${row.id} (${row.code}): its session ${sessionId} ${owner.final ? `is ${owner.final.state} with ${owner.final.productGuid ?? 'no product'}` : 'could not be read'}`,
      );
    }
  }
  findings.duplicates.push(
    ...extraRows(
      snapshot.products,
      (row) => SESSION_COMMIT_KEY.exec(row.creationKey ?? '')?.[1],
      (sessionId, rows) =>
        `product session ${sessionId}: ${rows.length} products (${rows.map((row) => row.id).join(', ')})`,
    ),
  );
  return findings;
}

/** Registrations: each created record exists, and each record is a registration's of the run. */
export function checkRegistrations(
  snapshot: SystemSnapshot,
  registrations: readonly RegistrationWrite[],
): Findings {
  const findings = none();
  const present = new Set(snapshot.records.map((row) => row.id));
  const bySession = new Map(
    registrations.flatMap((write) =>
      write.final ? [[write.final.sessionId, write] as const] : [],
    ),
  );
  for (const write of registrations) {
    const { final, completedRecordId, idempotencyKey } = write;
    const name = `registration ${final?.sessionId ?? `(key ${idempotencyKey})`} of ${write.userBusinessId}`;
    if (!final) {
      if (write.refused === undefined)
        findings.inconsistent.push(`${name}: never settled (no answer to any run)`);
    } else if (completedRecordId && final.createdEducationId !== completedRecordId) {
      findings.inconsistent.push(
        `${name}: the run answered record ${completedRecordId}, the registration says ${final.createdEducationId ?? 'none'} (${final.status})`,
      );
    }
    const recordId = final?.createdEducationId ?? completedRecordId;
    if (recordId && !present.has(recordId))
      findings.lost.push(`education record ${recordId} of ${name} missing`);
  }
  for (const row of snapshot.records) {
    const owner = bySession.get(row.sessionId);
    if (!owner || owner.final?.createdEducationId !== row.id)
      findings.orphans.push(
        `education record ${row.id} of session ${row.sessionId}: ${owner ? `the registration names ${owner.final?.createdEducationId ?? 'no record'}` : 'no registration of the run'}`,
      );
  }
  findings.duplicates.push(
    ...extraRows(
      snapshot.records,
      (row) => row.sessionId,
      (sessionId, rows) =>
        `registration session ${sessionId}: ${rows.length} education records (${rows.map((row) => row.id).join(', ')})`,
    ),
  );
  return findings;
}

/** Schedule imports: each accepted import is stored and journaled; each version is a completed import's. */
export function checkImports(snapshot: SystemSnapshot, imports: readonly ImportWrite[]): Findings {
  const findings = none();
  const versions = new Set(snapshot.versions.map((row) => row.id));
  const sagas = new Set(snapshot.sagas.map((saga) => saga.id));
  const byId = new Map(
    imports.flatMap((write) => (write.importId ? [[write.importId, write] as const] : [])),
  );
  for (const write of imports) {
    const { importId, final } = write;
    if (!importId) {
      if (write.refused === undefined)
        findings.inconsistent.push(
          `import (key ${write.idempotencyKey}): never settled (no answer to any upload)`,
        );
      continue;
    }
    const missing = [
      ...(snapshot.imports.has(importId) ? [] : ['its row']),
      ...(sagas.has(importId) ? [] : ['its saga']),
    ];
    if (missing.length > 0)
      findings.lost.push(`accepted import ${importId}: ${missing.join(' and ')} missing`);
    if (!final) findings.inconsistent.push(`import ${importId}: its final state could not be read`);
    else if (
      final.status === 'completed' &&
      (!final.scheduleVersionId || !versions.has(final.scheduleVersionId))
    )
      findings.lost.push(
        `schedule version ${final.scheduleVersionId ?? '(none named)'} of completed import ${importId} missing`,
      );
  }
  for (const row of snapshot.versions) {
    const owner = byId.get(row.importId);
    if (owner?.final?.status !== 'completed' || owner.final.scheduleVersionId !== row.id)
      findings.orphans.push(
        `schedule version ${row.id} of import ${row.importId}: ${owner ? `the import is ${owner.final?.status ?? 'unread'}` : 'no import of the run'}`,
      );
  }
  findings.duplicates.push(
    ...extraRows(
      snapshot.versions,
      (row) => row.importId,
      (importId, rows) =>
        `import ${importId}: ${rows.length} schedule versions (${rows.map((row) => row.id).join(', ')})`,
    ),
  );
  return findings;
}

/** Every saga still running or compensating, whatever its type. */
export function stuckSagas(snapshot: SystemSnapshot): string[] {
  return snapshot.sagas
    .filter((saga) => LIVE.has(saga.state))
    .map(
      (saga) =>
        `${saga.type} saga ${saga.id} <${saga.businessKey}> ${saga.state} [${saga.steps.join(' ')}]`,
    );
}

/** Every kind of write the run made, against the databases. */
export function checkWrites(
  snapshot: SystemSnapshot,
  writes: Writes,
  ownAccounts: readonly string[] = [],
  redisLost = false,
): Findings {
  return merge(
    checkDoctors(snapshot, writes.doctors, ownAccounts),
    checkProducts(snapshot, writes.products, redisLost),
    checkRegistrations(snapshot, writes.registrations),
    checkImports(snapshot, writes.imports),
    { ...none(), stuck: stuckSagas(snapshot) },
  );
}

export interface ChaosSummary {
  requests: number;
  failuresOutside: number;
  lost: number;
  orphans: number;
  stuck: number;
  inconsistent: number;
  /** NaN when no fault recovered */
  recoveryP99Ms: number;
  /** faults whose recovery was measured (the p99's samples) */
  recoveredFaults: number;
  /** faults after which no request that needed the dependency succeeded */
  unrecoveredFaults: number;
}

export function summarize(
  records: readonly RequestRecord[],
  windows: readonly FaultWindow[],
  findings: Findings,
): ChaosSummary {
  const recoveries = windows
    .flatMap((w) => (w.recovered === undefined ? [] : [w.recovered - w.back]))
    .sort((a, b) => a - b);
  return {
    requests: records.length,
    failuresOutside: failuresOutsideWindows(records, windows).length,
    lost: findings.lost.length,
    orphans: findings.orphans.length,
    stuck: findings.stuck.length,
    inconsistent: findings.inconsistent.length,
    recoveryP99Ms: percentile(recoveries, 0.99),
    recoveredFaults: recoveries.length,
    unrecoveredFaults: windows.length - recoveries.length,
  };
}

export function summaryLine(summary: ChaosSummary): string {
  const p99 = Number.isFinite(summary.recoveryP99Ms)
    ? (summary.recoveryP99Ms / 1000).toFixed(2)
    : 'n/a';
  return (
    `chaos system: requests ${summary.requests}, 5xx outside fault windows ${summary.failuresOutside}, ` +
    `lost writes ${summary.lost}, orphans ${summary.orphans}, stuck sagas ${summary.stuck}, ` +
    `inconsistent ${summary.inconsistent}, recovery p99 ${p99} s over ${summary.recoveredFaults} faults`
  );
}

/** The run passes only with every count zero and a recovery measured after every fault. */
export function passed(summary: ChaosSummary): boolean {
  return (
    summary.failuresOutside === 0 &&
    summary.lost === 0 &&
    summary.orphans === 0 &&
    summary.stuck === 0 &&
    summary.inconsistent === 0 &&
    summary.unrecoveredFaults === 0 &&
    summary.requests > 0
  );
}
