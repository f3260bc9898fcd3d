/**
 * Saga chaos run (`npm run chaos:saga`): CHAOS_SAGAS doctor-creation sagas (default 200) against
 * participants that fail at random, while the orchestrators are SIGKILLed and restarted; then a
 * cross-database check of the journal against the participants' databases.
 *
 * Layout, all processes from dist/ in a fresh test namespace (queue prefix, Redis key prefix,
 * databases; removed at the end, also on failure or Ctrl-C):
 *   - accounts and provider-directory, two processes each. Fault injection applies only the
 *     first rule whose pattern matches a message, so one process cannot fail a pattern in two
 *     ways; the two processes of a service share its queue (~half the messages each) and carry
 *     different rules, e.g. directory.doctor.create: error 10% on one, slow 20% on the other
 *     = ~5% errors and ~10% slow overall (see FAULT_PLAN; no `timeout` mode, so no step
 *     effect lands after its saga moved on);
 *   - two orchestrators (SAGA_LEASE_MS 1500, SAGA_RECOVERY_INTERVAL_MS 300); while the sagas
 *     are being fired, one of them (in turn) is SIGKILLed every CHAOS_KILL_EVERY_MS and
 *     restarted at once (at least CHAOS_MIN_KILLS kills, at most CHAOS_MAX_KILLS).
 * The sagas are fired as `orchestrator.doctor.create` RPCs, CHAOS_CONCURRENCY (16) at a time;
 * replies may be lost with their orchestrator: the truth is in the journal. The run then waits
 * until no saga is running/compensating (CHAOS_SETTLE_TIMEOUT_MS, 60 s after the last kill:
 * those still live are `stuck`), lets any participant request still queued expire, stops every
 * process and checks each saga against the participants' databases (read-only SQL).
 *
 * Env: CHAOS_SAGAS (200), CHAOS_CONCURRENCY (16), CHAOS_KILL_EVERY_MS (3000),
 * CHAOS_FIRST_KILL_MS (1000), CHAOS_MIN_KILLS (3), CHAOS_MAX_KILLS (10),
 * CHAOS_SETTLE_TIMEOUT_MS (60000), CHAOS_LOG_DIR (process output; default a temp dir, kept
 * only when the run fails). Exit 1 if stuck > 0 or orphans > 0 (or the run broke).
 * Last line: `sagas <n>: completed <a>, compensated <b>, compensation_failed <c>, stuck <d>, orphans <e>`.
 */
import 'reflect-metadata';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { doctorSagaRpc, type CreateDoctorCommand } from '@medicalink/contracts';
import { RpcError } from '@medicalink/messaging';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';
import {
  createSystem,
  createTestClient,
  forEachBounded,
  sleep,
  type SystemProcess,
  type TestClient,
  type TestSystem,
} from '@medicalink/testing';
import { DoctorCommands } from '../bench/doctor-commands';
import { positiveEnv } from '../bench/env';
import { checkSnapshot, loadSnapshot, stateCounts, type Reply } from './saga-check';

const ORCHESTRATOR_ENV = {
  SAGA_LEASE_MS: '1500',
  SAGA_RECOVERY_INTERVAL_MS: '300',
  SAGA_STEP_TIMEOUT_MS: '5000',
};
/** the longest injected delay: well under the step timeout, so a slow step never times out */
const SLOW_MS = 800;
const CLIENT_TIMEOUT_MS = 120_000;

/** Rules per process; each service's two processes get about half of its messages each. */
const FAULT_PLAN = {
  'accounts-a': [
    { pattern: 'accounts.account.create', mode: 'error-retryable', rate: 0.2 },
    { pattern: 'accounts.permissions.assign', mode: 'error-retryable', rate: 0.2 },
    { pattern: 'accounts.account.delete', mode: 'error-retryable', rate: 0.1 },
    { pattern: 'accounts.permissions.revoke', mode: 'error-retryable', rate: 0.1 },
  ],
  'accounts-b': [
    { pattern: 'accounts.account.create', mode: 'slow', rate: 0.1, delayMs: SLOW_MS },
    { pattern: 'accounts.permissions.assign', mode: 'error', rate: 0.1 },
    { pattern: 'accounts.account.delete', mode: 'error-retryable', rate: 0.1 },
    { pattern: 'accounts.permissions.revoke', mode: 'error', rate: 0.1 },
  ],
  'directory-a': [
    { pattern: 'directory.doctor.create', mode: 'error', rate: 0.1 },
    { pattern: 'directory.doctor.delete', mode: 'error-retryable', rate: 0.1 },
  ],
  'directory-b': [
    { pattern: 'directory.doctor.create', mode: 'slow', rate: 0.2, delayMs: SLOW_MS },
    { pattern: 'directory.doctor.delete', mode: 'error', rate: 0.1 },
  ],
} as const;
const FAULT_SUMMARY =
  'faults (overall, ~half per process): account.create retryable 10% + slow 5%; ' +
  'doctor.create error 5% + slow 10%; permissions.assign retryable 10% + error 5%; ' +
  `compensations (account.delete, doctor.delete, permissions.revoke) ~10% failing; slow = ${SLOW_MS} ms`;

const started = Date.now();
function log(message: string): void {
  process.stdout.write(
    `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}\n`,
  );
}

/** FAULT_INJECTION for the given rules (the first rule whose pattern matches a message decides). */
function faultEnv(rules: readonly Record<string, unknown>[]): Record<string, string> {
  return rules.length > 0 ? { FAULT_INJECTION: JSON.stringify(rules) } : {};
}

interface OrchestratorSlot {
  name: string;
  restarts: number;
  current: SystemProcess;
}

/** Everything that must be undone, however the run ends. */
class Run {
  system: TestSystem | undefined;
  client: TestClient | undefined;
  journal: Kysely<SagaTables> | undefined;
  interrupted = false;
  private cleaned: Promise<void> | undefined;

  cleanup(): Promise<void> {
    this.cleaned ??= (async () => {
      await this.client?.close().catch(() => undefined);
      await this.journal?.destroy().catch(() => undefined);
      this.system?.killAllNow();
      await this.system?.stop().catch((error: unknown) => {
        log(`clean-up failed: ${(error as Error).message}`);
      });
    })();
    return this.cleaned;
  }
}

const run = new Run();

async function main(): Promise<number> {
  const total = Math.round(positiveEnv('CHAOS_SAGAS', 200));
  const concurrency = Math.round(positiveEnv('CHAOS_CONCURRENCY', 16));
  const killEveryMs = positiveEnv('CHAOS_KILL_EVERY_MS', 3_000);
  const firstKillMs = positiveEnv('CHAOS_FIRST_KILL_MS', 1_000);
  const minKills = Math.round(positiveEnv('CHAOS_MIN_KILLS', 3));
  const maxKills = Math.max(minKills, Math.round(positiveEnv('CHAOS_MAX_KILLS', 10)));
  const settleTimeoutMs = positiveEnv('CHAOS_SETTLE_TIMEOUT_MS', 60_000);

  // No bootstrap main account: every account in the run's database must be a saga's.
  const system = await createSystem({ label: 'chaos', bootstrapAdmin: false });
  run.system = system;
  const { namespace } = system;
  log(`saga chaos ${namespace.id}: ${total} sagas, concurrency ${concurrency}`);
  log(FAULT_SUMMARY);

  // The first process of each service creates and migrates its database alone.
  const participant = (app: 'accounts' | 'provider-directory', label: keyof typeof FAULT_PLAN) =>
    system.start(app, { label, env: faultEnv(FAULT_PLAN[label]) });
  await Promise.all([
    participant('accounts', 'accounts-a'),
    participant('provider-directory', 'directory-a'),
  ]);
  await Promise.all([
    participant('accounts', 'accounts-b'),
    participant('provider-directory', 'directory-b'),
  ]);
  const orchestrators: OrchestratorSlot[] = [];
  for (const name of ['orchestrator-a', 'orchestrator-b']) {
    const current = await system.start('orchestrator', {
      label: `${name}#0`,
      env: ORCHESTRATOR_ENV,
    });
    orchestrators.push({ name, restarts: 0, current });
  }
  log('participants (2 x accounts, 2 x provider-directory) and 2 orchestrators up');

  const client = await createTestClient(namespace, {
    timeoutMs: CLIENT_TIMEOUT_MS,
    // Lost replies must not open a circuit that would then refuse to send the rest.
    resilience: { retries: 0, breakerThreshold: 1_000_000 },
  });
  run.client = client;
  const journal = createDatabase<SagaTables>(
    databaseUrl(namespace.infrastructure.postgresUrl, namespace.database('orchestrator')),
    { maxConnections: 1 },
  );
  run.journal = journal;

  const makeCommand = new DoctorCommands('chaos');
  const commands: CreateDoctorCommand[] = Array.from({ length: total }, () => makeCommand.next());
  const replies = { ok: 0, failed: new Map<string, number>() };
  const replyOf = new Map<string, Reply>();
  let fired = 0;
  let firing = true;
  let lastKillAt = Date.now();
  const kills: string[] = [];

  const fire = forEachBounded(
    commands,
    concurrency,
    async (command) => {
      fired += 1;
      try {
        const { sagaId } = await client.rpc.call(doctorSagaRpc.create, command, {
          timeoutMs: CLIENT_TIMEOUT_MS,
          retries: 0,
        });
        replies.ok += 1;
        replyOf.set(command.email, { ok: true, sagaId });
      } catch (error) {
        const code = error instanceof RpcError ? error.code : 'ERROR';
        replies.failed.set(code, (replies.failed.get(code) ?? 0) + 1);
        replyOf.set(command.email, { ok: false, code, ...sagaOfFailure(error) });
      }
    },
    () => run.interrupted,
  ).finally(() => (firing = false));

  const killer = (async () => {
    await sleep(firstKillMs);
    while (!run.interrupted && kills.length < maxKills && (firing || kills.length < minKills)) {
      const slot = orchestrators[kills.length % orchestrators.length] as OrchestratorSlot;
      const victim = slot.current;
      await victim.proc.stop('SIGKILL');
      lastKillAt = Date.now();
      kills.push(`${victim.label}@${((lastKillAt - started) / 1000).toFixed(1)}s`);
      log(`SIGKILL ${victim.label} (pid ${victim.proc.child.pid}); fired ${fired}/${total}`);
      slot.restarts += 1;
      slot.current = await system.start('orchestrator', {
        label: `${slot.name}#${slot.restarts}`,
        env: ORCHESTRATOR_ENV,
      });
      log(`restarted ${slot.current.label} (pid ${slot.current.proc.child.pid})`);
      if (firing || kills.length < minKills) await sleep(killEveryMs);
    }
  })();

  const progress = setInterval(() => {
    void stateCounts(journal).then(
      (counts) =>
        log(
          `fired ${fired}/${total}, replies ok ${replies.ok} failed ${sum(replies.failed)}; journal ${format(counts)}`,
        ),
      () => undefined,
    );
  }, 2_000);
  try {
    await Promise.all([fire, killer]);
  } finally {
    clearInterval(progress);
  }
  if (run.interrupted) return 130;
  log(
    `all ${total} fired: replies ok ${replies.ok}, failed ${sum(replies.failed)} (${format(Object.fromEntries(replies.failed))}); kills: ${kills.join(', ')}`,
  );

  // Settle: no saga running or compensating any more, or the time is up.
  const deadline = lastKillAt + settleTimeoutMs;
  let counts: Record<string, number> = {};
  for (;;) {
    counts = await stateCounts(journal);
    const live = (counts['running'] ?? 0) + (counts['compensating'] ?? 0);
    if (live === 0 || Date.now() > deadline || run.interrupted) {
      log(`journal ${format(counts)}${live > 0 ? ` (gave up waiting: ${live} live)` : ''}`);
      break;
    }
    await sleep(500);
  }
  if (run.interrupted) return 130;
  // A participant request still queued expires at its deadline (at most a step timeout after it
  // was sent) and one in a slow handler finishes within SLOW_MS: wait that out, then stop all.
  await sleep(Number(ORCHESTRATOR_ENV.SAGA_STEP_TIMEOUT_MS) + SLOW_MS + 1_000);
  await client.close();
  run.client = undefined;
  await journal.destroy();
  run.journal = undefined;
  await system.stopApps('SIGTERM', 10_000);
  log('all processes stopped; checking the journal against the participants');

  const report = checkSnapshot(
    await loadSnapshot(namespace),
    commands.map((c) => c.email),
    replyOf,
  );
  const { outcomes } = report;
  const lines = [
    `kills ${kills.length}: ${kills.join(', ')}`,
    `journal rows: ${format(report.journalStates)} (${report.duplicates} duplicate sagas from redelivered requests)`,
    `per command: completed ${outcomes.completed}, compensated ${outcomes.compensated}, compensation_failed ${outcomes.compensation_failed}, stuck ${outcomes.stuck}, no journal row ${report.unjournaled.length}`,
    `replies: ok ${replies.ok}, failed ${sum(replies.failed)} (${format(Object.fromEntries(replies.failed))}); SAGA_INTERRUPTED replies by journal state: ${format(report.interruptedReplies)}`,
    `orphans ${report.orphans}: ${report.orphanRows.length} participant rows owned by no completed saga + ${report.unjournaled.length} commands without a journal row`,
    ...section('stuck', report.stuck),
    ...section('compensation_failed (rows that remain)', report.compensationFailed),
    ...section('inconsistent', report.inconsistent),
    ...section('orphan rows', report.orphanRows),
    ...section('commands without a journal row', report.unjournaled),
    ...section('journal rows of unknown commands', report.foreign),
  ];
  const failed =
    outcomes.stuck > 0 ||
    report.orphans > 0 ||
    report.inconsistent.length > 0 ||
    report.foreign.length > 0;
  const logDir = process.env['CHAOS_LOG_DIR'] || join(tmpdir(), `saga-chaos-${namespace.id}`);
  if (failed || process.env['CHAOS_LOG_DIR']) {
    lines.push(`process output saved in ${await system.saveOutput(logDir)}`);
  } else {
    await rm(logDir, { recursive: true, force: true });
  }
  await run.cleanup();
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `sagas ${total}: completed ${outcomes.completed}, compensated ${outcomes.compensated}, compensation_failed ${outcomes.compensation_failed}, stuck ${outcomes.stuck}, orphans ${report.orphans}\n`,
  );
  return failed ? 1 : 0;
}

/** The saga a failure reply names in its context (a failed, pending or interrupted saga). */
function sagaOfFailure(error: unknown): { sagaId?: string; state?: string } {
  const context = error instanceof RpcError ? error.envelope.context : undefined;
  const saga = context?.['saga'] as { sagaId?: unknown; state?: unknown } | undefined;
  const sagaId = saga?.sagaId;
  return {
    ...(typeof sagaId === 'string' ? { sagaId } : {}),
    ...(typeof saga?.state === 'string' ? { state: saga.state } : {}),
  };
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

function format(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length > 0 ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : 'empty';
}

function section(title: string, items: string[], limit = 25): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, limit).map((item) => `  ${item}`);
  if (items.length > limit) shown.push(`  ... and ${items.length - limit} more`);
  return [`${title} (${items.length}):`, ...shown];
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    run.interrupted = true;
    log(`${signal}: stopping and cleaning up`);
    run.system?.killAllNow();
    void run.cleanup().finally(() => process.exit(130));
  });
}
process.once('exit', () => run.system?.killAllNow());

main().then(
  (code) => run.cleanup().finally(() => process.exit(code)),
  async (error: unknown) => {
    log(
      `saga chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    if (run.system) {
      const dir = join(tmpdir(), `saga-chaos-${run.system.namespace.id}`);
      await run.system.saveOutput(dir).then(
        () => log(`process output saved in ${dir}`),
        () => undefined,
      );
    }
    await run.cleanup();
    process.exit(1);
  },
);
