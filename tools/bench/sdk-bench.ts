/**
 * SDK batching benchmark (`npm run bench:sdk`): BENCH_SDK_CALLS (1000) concurrent
 * `getDoctor(id)` calls through @medicalink/sdk, each for a different doctor, once with
 * batching on (the calls of one tick go out as GET /doctors?ids=..., batchSize 10 ids a
 * request) and once with batching off (one GET /doctors/:id per call), with the SDK's default
 * retries. One measured run each, after uncounted warm-up runs (so both read a warm cache).
 * Every measured call must succeed, or the run fails (exit 1).
 *
 * System: the six apps are started from dist/ in a fresh namespace (as bench:gateway does) and
 * removed at the end; with BENCH_GATEWAY_URL and BENCH_TOKEN (admin or main) that gateway is used.
 * The doctors are created first through POST /doctors (BENCH_SDK_CREATE_CONCURRENCY, 16).
 *
 * Last line: `sdk ratio batched/unbatched throughput: <x>`. Results to stdout, progress to stderr.
 */
import { createMedicaLinkClient, type FetchLike } from '@medicalink/sdk';
import { randomUUID } from 'node:crypto';
import { externalSystem, startBenchSystem, type BenchSystem } from './gateway/system';
import { positiveEnv } from './env';
import { describeMachineSpeed, measureMachineSpeed } from './machine-speed';
import { fixed, formatLine } from './table';

const CALLS = positiveEnv('BENCH_SDK_CALLS', 1_000);
const CREATE_CONCURRENCY = positiveEnv('BENCH_SDK_CREATE_CONCURRENCY', 16);
const BATCH_SIZE = 10;

interface Row {
  mode: 'batched' | 'unbatched';
  requests: number;
  elapsedMs: number;
  callsPerSec: number;
}

const stops: (() => Promise<void>)[] = [];
const stopAll = async () => {
  for (const stop of stops.splice(0)) await stop().catch(() => undefined);
};

async function createDoctors(system: BenchSystem, count: number): Promise<string[]> {
  const client = createMedicaLinkClient({
    baseUrl: system.gatewayUrl,
    token: system.token,
    timeout: 60_000,
  });
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const tag = randomUUID().slice(0, 12);
      const created = await client.createDoctor({
        email: `bench-${tag}@medicalink.local`,
        password: `Bench-${randomUUID()}`,
        fullName: `Dr. Bench ${tag}`,
        specialty: 'Benchmarking',
        licenseNumber: `B-${tag}`,
      });
      if (!created.success) throw new Error(`creating a doctor failed: ${created.error}`);
      ids.push(created.data.doctorId);
      if (ids.length % 100 === 0) process.stderr.write(`created ${ids.length}/${count} doctors\n`);
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  client.dispose();
  return ids;
}

/**
 * One run: every call at once, on a fresh client with the SDK's default retries; counts the HTTP
 * requests it took (retries included) and the calls that still failed.
 */
async function run(
  system: BenchSystem,
  ids: readonly string[],
  batching: boolean,
): Promise<Row & { failed: number; firstError?: string }> {
  let requests = 0;
  const counting: FetchLike = (url, init) => {
    requests += 1;
    return fetch(url, init);
  };
  const client = createMedicaLinkClient({
    baseUrl: system.gatewayUrl,
    token: system.token,
    enableBatching: batching,
    batchSize: BATCH_SIZE,
    timeout: 120_000,
    fetch: counting,
  });
  const started = performance.now();
  const results = await Promise.all(ids.map((id) => client.getDoctor(id)));
  const elapsedMs = performance.now() - started;
  client.dispose();
  const failed = results.filter((result) => !result.success);
  return {
    mode: batching ? 'batched' : 'unbatched',
    requests,
    elapsedMs,
    callsPerSec: (ids.length / elapsedMs) * 1_000,
    failed: failed.length,
    ...(failed[0] ? { firstError: failed[0].error } : {}),
  };
}

/** Uncounted warm-up runs until one has no failure (a cold cache may time out), at most 3. */
async function warmUp(system: BenchSystem, ids: readonly string[], batching: boolean) {
  for (let pass = 1; pass <= 3; pass += 1) {
    const row = await run(system, ids, batching);
    const cause = row.firstError ? ` (${row.firstError})` : '';
    process.stderr.write(
      `warm-up ${row.mode} #${pass}: ${fixed(row.elapsedMs, 0)} ms, ${row.failed} failed${cause}\n`,
    );
    if (row.failed === 0) return;
  }
}

function measured(row: Row & { failed: number; firstError?: string }): Row {
  if (row.failed > 0) {
    throw new Error(`${row.failed} of ${CALLS} ${row.mode} calls failed, e.g. ${row.firstError}`);
  }
  return row;
}

async function main(): Promise<void> {
  const speed = await measureMachineSpeed();
  const external = process.env['BENCH_GATEWAY_URL'];
  const token = process.env['BENCH_TOKEN'];
  let system: BenchSystem;
  if (external && token) system = externalSystem(external, token);
  else {
    system = await startBenchSystem(
      { onStop: (stop) => stops.push(stop) },
      { profiledApps: new Set(), profileFlags: () => [] },
    );
  }
  process.stderr.write(`creating ${CALLS} doctors...\n`);
  const ids = await createDoctors(system, CALLS);

  await warmUp(system, ids, true);
  await warmUp(system, ids, false);
  const batched = measured(await run(system, ids, true));
  const unbatched = measured(await run(system, ids, false));

  const widths = [10, 8, 10, 12];
  const lines = [
    `# ${describeMachineSpeed(speed)}`,
    `# ${CALLS} concurrent getDoctor calls, ${CALLS} distinct doctors, batchSize ${BATCH_SIZE}, warm cache`,
    formatLine(widths, ['mode', 'requests', 'elapsed ms', 'calls/s']),
    ...[batched, unbatched].map((row) =>
      formatLine(widths, [
        row.mode,
        String(row.requests),
        fixed(row.elapsedMs, 0),
        fixed(row.callsPerSec, 0),
      ]),
    ),
    `sdk ratio batched/unbatched throughput: ${fixed(batched.callsPerSec / unbatched.callsPerSec, 2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

process.once('SIGINT', () => {
  void stopAll().then(() => process.exit(130));
});

main()
  .catch((error: unknown) => {
    process.stderr.write(
      `sdk bench failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => stopAll());
