/**
 * The end of a chaos run, once its faults are over and its load stopped: what a careful client
 * would finish (idempotent retries), the sagas let settle, every app stopped, and every write
 * checked against the databases. Shared by the system and scale chaos runs.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, databaseUrl } from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';
import { createSystem, type SystemOptions, type TestSystem } from '@medicalink/testing';
import { stateCounts } from '../saga-check';
import {
  checkWrites,
  failuresInWindow,
  failuresOutsideWindows,
  measureRecoveries,
  type Findings,
} from './accounting';
import type { ChaosLoad } from './load';
import type { FaultWindow, RequestRecord } from './model';
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
  options: {
    settleMs: number;
    ownAccounts: readonly string[];
    /** a Redis fault struck: Redis restarted without its data */
    redisLost: boolean;
    log: Log;
  },
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
    options.redisLost,
  );
  logSection(log, 'lost writes', findings.lost);
  logSection(log, 'orphans', findings.orphans);
  logSection(log, 'stuck sagas', findings.stuck);
  logSection(log, 'inconsistent', findings.inconsistent);
  logSection(log, 'duplicates', findings.duplicates);
  logSection(
    log,
    'product drafts lost with Redis (never committed, nothing created)',
    findings.draftsLost,
  );
  const statuses = load.records.reduce<Record<string, number>>((counts, r) => {
    counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  }, {});
  log(`statuses: ${JSON.stringify(statuses)}`);
  if ('error' in settled)
    log(`the journal could not be read while waiting for the sagas to settle: ${settled.error}`);
  return { findings, settled };
}

/**
 * Each fault's recovery measured, logged with the failures (5xx or no response, by status) its
 * window excused; then the first failures outside every window.
 */
export function recoveriesOf(
  struck: readonly FaultWindow[],
  records: readonly RequestRecord[],
  options: { log: Log; started: number },
): FaultWindow[] {
  const { log, started } = options;
  const windows = measureRecoveries(struck, records);
  for (const w of windows) {
    const excused = failuresInWindow(records, w).reduce<Record<string, number>>((counts, r) => {
      const key = `${r.kind} ${r.status}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});
    log(
      `${w.name}: recovery ${w.recovered === undefined ? 'none seen' : `${((w.recovered - w.back) / 1000).toFixed(2)} s`}; failures in its window ${JSON.stringify(excused)}`,
    );
  }
  for (const r of failuresOutsideWindows(records, windows).slice(0, 20))
    log(
      `5xx outside windows: ${r.kind} ${r.status} at ${((r.start - started) / 1000).toFixed(1)} s`,
    );
  return windows;
}

/** Where a failed run leaves every process's output (logged). */
export async function saveOutput(system: TestSystem, run: string, log: Log): Promise<void> {
  log(
    `app output saved in ${await system.saveOutput(join(tmpdir(), `${run}-${system.namespace.id}`))}`,
  );
}

/**
 * A chaos run as a script: a system in a namespace of its own (label `run` without its dash)
 * whose bootstrap main account is `adminEmail`, `main` run on it, and whatever happens, every
 * process killed and the namespace removed; exits with main's code (1 when it throws, after
 * `onError`; 130 on Ctrl-C).
 */
export function runChaosScript(options: {
  run: string;
  adminEmail: string;
  log: Log;
  system?: Omit<SystemOptions, 'label' | 'admin'>;
  main: (system: TestSystem) => Promise<number>;
  onError?: () => Promise<void>;
}): void {
  const { run, log } = options;
  const script = async (): Promise<number> => {
    const system = await createSystem({
      ...options.system,
      label: run.replace(/-/g, ''),
      admin: { email: options.adminEmail, password: `Chaos-${randomBytes(12).toString('hex')}` },
    });
    process.once('SIGINT', () => {
      system.killAllNow();
      void system.stop().finally(() => process.exit(130));
    });
    try {
      return await options.main(system);
    } catch (error) {
      log(
        `${run} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      await options.onError?.();
      await saveOutput(system, run, log);
      return 1;
    } finally {
      system.killAllNow();
      await system.stop().catch((error: unknown) => log(`clean-up: ${(error as Error).message}`));
    }
  };
  script().then(
    (code) => process.exit(code),
    (error: unknown) => {
      log(String(error));
      process.exit(1);
    },
  );
}
