/**
 * Scale chaos run (`npm run chaos:scale`): two replicas of every app as processes (from dist/,
 * in a fresh test namespace: queue prefix, databases, Redis key prefix) under the steady mixed
 * load of the system chaos run (system/load.ts), spread over both gateways in turn. One replica
 * of each app is SIGKILLed and started again, app after app (replica 1, 2, 1, ... in turn), then
 * every replica of one service is stopped (SIGTERM) for CHAOS_SCALE_OUTAGE_MS and all started
 * again. Then, as in the system run (system/finish.ts), each write whose answer was lost is
 * retried under its idempotency key, the sagas settle, every app stops and every write is
 * checked against the databases. Only the run's own processes are touched: RabbitMQ, Redis and
 * PostgreSQL keep running.
 *
 * Counted (last line):
 *   requests                   every HTTP request of the load
 *   5xx outside kill windows   a 5xx or no response overlapping no kill's or outage's window
 *                              (from the fault to its recovery, plus 3 s)
 *   lost writes, orphans, stuck sagas   as in the system run (system/accounting.ts)
 *   duplicates                 a write carried out twice: a second doctor saga for one command,
 *                              a second product, education record or schedule version for one
 *                              session or import
 *   min replica share          the smallest part of a service's RPCs one of its replicas
 *                              handled while both ran, over the five services (the gateway
 *                              answers HTTP, not RPCs): scale/replica-share.ts
 * The run exits 1 when a count is not 0, the share is below 0.3, a completed saga or a reply is
 * inconsistent with the data, a fault saw no recovery, or the journal could not be read.
 *
 * Env: CHAOS_SCALE_QUIET_MS (12000, normal load before each fault and after the last),
 * CHAOS_SCALE_OUTAGE_MS (20000), CHAOS_SCALE_OUTAGE_APP (accounts), CHAOS_SCALE_SAMPLE_MS
 * (2000, /metrics readings), CHAOS_SETTLE_TIMEOUT_MS (120000), CHAOS_WRITERS (2), CHAOS_READERS
 * (2). About 4 to 5 minutes with the defaults (a loaded 2-core machine).
 */
import 'reflect-metadata';
import { MEDICALINK_APPS, sleep, type TestSystem } from '@medicalink/testing';
import { positiveEnv } from '../bench/env';
import { strike } from './system/faults';
import { recoveriesOf, runChaosScript, runLog, saveOutput, settleAndCheck } from './system/finish';
import { CHAOS_APP_ENV, ChaosLoad } from './system/load';
import type { FaultWindow } from './system/model';
import { loadRpcPatterns, replicaShares, ShareSampler } from './scale/replica-share';
import { ReplicaSet } from './scale/replicas';
import { missedTargets, scaleSummaryLine, summarizeScale } from './scale/verdict';

const ADMIN_EMAIL = 'chaos-main@medicalink.local';
const REPLICAS = 2;
/** The apps that answer RPCs: their replicas' shares are measured. */
const SERVICES = MEDICALINK_APPS.filter((app) => app !== 'api-gateway');

const started = Date.now();
const log = runLog(started);

function outageApp(): (typeof MEDICALINK_APPS)[number] {
  const name = process.env['CHAOS_SCALE_OUTAGE_APP'] ?? 'accounts';
  const app = MEDICALINK_APPS.find((candidate) => candidate === name);
  if (!app) throw new Error(`CHAOS_SCALE_OUTAGE_APP: not an app (${MEDICALINK_APPS.join(', ')})`);
  return app;
}

async function main(system: TestSystem): Promise<number> {
  const quietMs = positiveEnv('CHAOS_SCALE_QUIET_MS', 12_000);
  const outageMs = positiveEnv('CHAOS_SCALE_OUTAGE_MS', 20_000);
  const sampleMs = positiveEnv('CHAOS_SCALE_SAMPLE_MS', 2_000);
  const settleMs = positiveEnv('CHAOS_SETTLE_TIMEOUT_MS', 120_000);
  const outage = outageApp();

  const replicas = new ReplicaSet(system, REPLICAS);
  await replicas.startAll();
  log(
    `${REPLICAS} replicas of every app up in ${system.namespace.id}; gateways ${replicas
      .live('api-gateway')
      .map((gateway) => gateway.process.url)
      .join(', ')}`,
  );
  const sampler = new ShareSampler(replicas, SERVICES, loadRpcPatterns());
  sampler.start(sampleMs);
  const load = new ChaosLoad(system, {
    doctorWriters: Math.round(positiveEnv('CHAOS_WRITERS', 2)),
    readers: Math.round(positiveEnv('CHAOS_READERS', 2)),
    gatewayUrl: () => replicas.gatewayUrl(),
    log,
  });
  await load.start();

  const faults = [
    ...MEDICALINK_APPS.map((app, index) => replicas.killFault(app, (index % REPLICAS) + 1)),
    replicas.outageFault(outage),
  ];
  const struck: FaultWindow[] = [];
  for (const fault of faults) struck.push(await strike(fault, { quietMs, outageMs, log }));
  await sleep(quietMs);
  await load.stop();
  await sampler.stop();
  const { records, writes } = load;
  log(
    `load stopped: ${records.length} requests; writes: ${writes.doctors.length} doctors, ${writes.products.length} product sessions, ${writes.registrations.length} registrations, ${writes.imports.length} imports`,
  );
  const shares = replicaShares(sampler.samples, SERVICES, REPLICAS);
  for (const { app, handled, share } of shares)
    log(
      `${app}: RPCs per replica while both ran ${handled.join(' / ')} (share ${share.toFixed(2)})`,
    );

  const windows = recoveriesOf(struck, records, { log, started });

  const { findings, settled } = await settleAndCheck(system, load, {
    settleMs,
    ownAccounts: [ADMIN_EMAIL],
    redisLost: false,
    log,
  });
  const summary = summarizeScale(records, windows, findings, shares);
  const missed = [
    ...missedTargets(summary),
    ...('error' in settled ? ['the journal could not be read'] : []),
  ];
  for (const line of missed) log(`missed: ${line}`);
  if (missed.length > 0) await saveOutput(system, 'chaos-scale', log);
  process.stdout.write(`${scaleSummaryLine(summary)}\n`);
  return missed.length === 0 ? 0 : 1;
}

runChaosScript({
  run: 'chaos-scale',
  adminEmail: ADMIN_EMAIL,
  log,
  system: { env: CHAOS_APP_ENV, upTimeoutMs: 180_000 },
  main,
});
