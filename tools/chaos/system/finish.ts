/**
 * The end of a chaos run, once its faults are over and its load stopped: what a careful client
 * would finish (idempotent retries), the sagas let settle, every app stopped, and every write
 * checked against the databases. Shared by the system and scale chaos runs.
 */
import { createDatabase, databaseUrl } from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';
import type { TestSystem } from '@medicalink/testing';
import { stateCounts } from '../saga-check';
import { checkWrites, type Findings } from './accounting';
import type { ChaosLoad } from './load';
import { waitUntilSettled, type SettleOutcome } from './settle';
import { loadSystemSnapshot } from './snapshot';

export type Log = (line: string) => void;

/** A log whose lines start with the seconds since `started`. */
export function runLog(started: number): Log {
  return (message) =>
    process.stdout.write(
      `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`,
    );
}

/** A titled list, the first `limit` items of it; nothing when it is empty. */
export function logSection(log: Log, title: string, items: readonly string[], limit = 20): void {
  if (items.length === 0) return;
  log(`${title} (${items.length}):`);
  for (const item of items.slice(0, limit)) log(`  ${item}`);
  if (items.length > limit) log(`  ... and ${items.length - limit} more`);
}

export interface CheckOutcome {
  findings: Findings;
  settled: SettleOutcome;
}

/**
 * Retries each write left without a definite answer, waits for the journal to settle (until
 * `settleMs` from now), reads each write's final state, stops every app and checks the
 * databases; logs each finding and the load's statuses.
 */
export async function settleAndCheck(
  system: TestSystem,
  load: ChaosLoad,
  options: { settleMs: number; ownAccounts: readonly string[]; log: Log },
): Promise<CheckOutcome> {
  const { log } = options;
  await load.retryUnsettled();
  const journal = createDatabase<SagaTables>(
    databaseUrl(system.infrastructure.postgresUrl, system.namespace.database('orchestrator')),
    { maxConnections: 1 },
  );
  const settled = await waitUntilSettled(() => stateCounts(journal), {
    deadline: Date.now() + options.settleMs,
  }).finally(() => journal.destroy());
  log(`journal: ${JSON.stringify(settled.counts ?? {})}${settled.settled ? '' : ' (not settled)'}`);
  await load.readFinalStates();
  await system.stopApps();

  const findings = checkWrites(
    await loadSystemSnapshot(system.namespace),
    load.writes,
    options.ownAccounts,
  );
  logSection(log, 'lost writes', findings.lost);
  logSection(log, 'orphans', findings.orphans);
  logSection(log, 'stuck sagas', findings.stuck);
  logSection(log, 'inconsistent', findings.inconsistent);
  logSection(log, 'duplicates', findings.duplicates);
  const statuses = load.records.reduce<Record<string, number>>((counts, r) => {
    counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  }, {});
  log(`statuses: ${JSON.stringify(statuses)}`);
  if ('error' in settled)
    log(`the journal could not be read while waiting for the sagas to settle: ${settled.error}`);
  return { findings, settled };
}
