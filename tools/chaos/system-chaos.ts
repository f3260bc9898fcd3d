/**
 * System chaos run (`npm run chaos:system`): all six apps as processes (from dist/, in a fresh
 * test namespace) under a steady mixed load through the gateway (system/load.ts: doctor
 * creations, composite reads and lists, product sessions committed, education registrations,
 * schedule imports) while, CHAOS_ROUNDS times over, one fault at a time strikes: RabbitMQ
 * stopped and started (`rabbitmqctl stop_app/start_app`), Redis shut down and started again,
 * PostgreSQL restarted (`pg_ctlcluster <v> main restart`), then every app SIGKILLed and
 * restarted in turn. Then each write whose answer was lost is retried under its idempotency key
 * (as a careful client would), the sagas are let settle, every app stops, and every kind of
 * write is checked against the databases (system/accounting.ts).
 *
 * THIS STOPS THE MACHINE'S REAL RABBITMQ, REDIS AND POSTGRESQL (every other user of them sees
 * the outages). It refuses to run unless CHAOS_SYSTEM_CONFIRM=yes (the npm script sets it).
 *
 * Counted:
 *   requests                    every HTTP request of the load
 *   5xx outside fault windows   a 5xx or no response overlapping no fault's window (from the
 *                               fault to its recovery, plus 3 s)
 *   lost writes                 a write the system said succeeded whose rows are missing
 *                               (doctor account or profile, product, education record, import
 *                               or its schedule version)
 *   orphans                     rows no finished write of the run owns
 *   stuck sagas                 sagas of any type still running or compensating after the settle
 *   inconsistent                a completed saga missing rows or permissions, a compensated one
 *                               that left rows, a compensation that failed, a reply the journal or
 *                               the write's final state contradicts, a write never settled
 *   recovery p99                over every fault: from its dependency's return to the first
 *                               success of a request that needs that dependency (system/model.ts)
 * Listed, not counted: product drafts lost with Redis's data (its fault restarts it empty, and
 * drafts live only there): sessions that answer 404, whose commit never answered success and
 * under whose commit key no product exists. Without a Redis fault such a session is inconsistent.
 * The run exits 1 on any non-zero count, a fault without a recovery, or a journal it could not
 * read while waiting for the sagas to settle.
 *
 * Env: CHAOS_FAULTS (rabbitmq,redis,postgres,app: all by default; `app` alone touches no shared
 * service), CHAOS_ROUNDS (3: 27 faults with all four), CHAOS_OUTAGE_MS (10000), CHAOS_QUIET_MS
 * (10000, before each fault), CHAOS_SETTLE_TIMEOUT_MS (120000), CHAOS_WRITERS (2),
 * CHAOS_READERS (2). Last line: `chaos system: requests <n>, 5xx outside fault windows <a>,
 * lost writes <b>, orphans <c>, stuck sagas <d>, inconsistent <e>, recovery p99 <s> s over <k>
 * faults`.
 */
import 'reflect-metadata';
import type { TestSystem } from '@medicalink/testing';
import { commaList, positiveEnv } from '../bench/env';
import { passed, summarize, summaryLine } from './system/accounting';
import {
  FAULT_GROUPS,
  INFRASTRUCTURE_FAULTS,
  restoreInfrastructure,
  roundOfFaults,
  strike,
} from './system/faults';
import { recoveriesOf, runChaosScript, runLog, saveOutput, settleAndCheck } from './system/finish';
import { CHAOS_APP_ENV, ChaosLoad } from './system/load';
import type { FaultWindow } from './system/model';

const ADMIN_EMAIL = 'chaos-main@medicalink.local';

const started = Date.now();
const log = runLog(started);

async function main(system: TestSystem): Promise<number> {
  const faults = commaList('CHAOS_FAULTS');
  const unknown = faults.filter((name) => !(FAULT_GROUPS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`CHAOS_FAULTS: unknown ${unknown.join(', ')}`);
  const touchesInfra = INFRASTRUCTURE_FAULTS.some(
    (name) => faults.length === 0 || faults.includes(name),
  );
  if (touchesInfra && process.env['CHAOS_SYSTEM_CONFIRM'] !== 'yes') {
    log(
      "refusing: this stops the machine's RabbitMQ, Redis and PostgreSQL; set CHAOS_SYSTEM_CONFIRM=yes",
    );
    return 2;
  }
  const rounds = Math.round(positiveEnv('CHAOS_ROUNDS', 3));
  const outageMs = positiveEnv('CHAOS_OUTAGE_MS', 10_000);
  const quietMs = positiveEnv('CHAOS_QUIET_MS', 10_000);
  const settleMs = positiveEnv('CHAOS_SETTLE_TIMEOUT_MS', 120_000);

  await system.startApps();
  log(`all apps up in ${system.namespace.id}; gateway ${system.gatewayUrl}`);
  const load = new ChaosLoad(system, {
    doctorWriters: Math.round(positiveEnv('CHAOS_WRITERS', 2)),
    readers: Math.round(positiveEnv('CHAOS_READERS', 2)),
    log,
  });
  await load.start();

  const struck: FaultWindow[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    log(`round ${round}/${rounds}`);
    for (const fault of roundOfFaults(system, faults))
      struck.push(await strike(fault, { quietMs, outageMs, log }));
  }
  await new Promise((resolve) => setTimeout(resolve, quietMs));
  await load.stop();
  const { records, writes } = load;
  log(
    `load stopped: ${records.length} requests; writes: ${writes.doctors.length} doctors, ${writes.products.length} product sessions, ${writes.registrations.length} registrations, ${writes.imports.length} imports`,
  );

  const windows = recoveriesOf(struck, records, { log, started });

  const { findings, settled } = await settleAndCheck(system, load, {
    settleMs,
    ownAccounts: [ADMIN_EMAIL],
    redisLost: faults.length === 0 || faults.includes('redis'),
    log,
  });
  const summary = summarize(records, windows, findings);
  const ok = passed(summary) && !('error' in settled);
  if (summary.unrecoveredFaults > 0) log(`faults without a recovery: ${summary.unrecoveredFaults}`);
  if (!ok) await saveOutput(system, 'chaos-system', log);
  process.stdout.write(`${summaryLine(summary)}\n`);
  return ok ? 0 : 1;
}

runChaosScript({
  run: 'chaos-system',
  adminEmail: ADMIN_EMAIL,
  log,
  system: { env: CHAOS_APP_ENV },
  onError: restoreInfrastructure,
  main,
});
