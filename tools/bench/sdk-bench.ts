/**
 * SDK batching benchmark (`npm run bench:sdk`): BENCH_SDK_CALLS (1000) concurrent
 * `getDoctor(id)` calls through @medicalink/sdk, each for a different doctor, with batching on
 * (the calls of one tick go out as GET /doctors?ids=..., batchSize 10 ids a request) and with
 * batching off (one GET /doctors/:id per call), with the SDK's default retries.
 *
 * Every measured run reads doctors nobody has read before, so neither mode is served from a
 * cache the other (or a warm-up) filled: a real batch rarely finds all its doctors cached. The
 * modes take turns over BENCH_SDK_ROUNDS rounds (3; the order alternates per round), and each
 * mode's figure is the median of its rounds. Before the rounds, each mode runs once, uncounted,
 * on doctors of its own (code paths compiled, connections open). Every measured call must
 * answer the doctor it asked for; otherwise what failed is printed instead of the ratio (exit 1).
 *
 * System: the six apps started from dist/ in a fresh namespace (gateway-target.ts) and removed
 * at the end; with BENCH_GATEWAY_URL and BENCH_TOKEN (admin or main) that gateway is used. The
 * doctors are created first through POST /doctors (BENCH_SDK_CREATE_CONCURRENCY, 16): the
 * measured rounds need 2 x rounds x calls of them.
 *
 * Last line: `sdk ratio batched/unbatched throughput: <x>` (medians). Results to stdout,
 * progress to stderr.
 */
import { createMedicaLinkClient, type FetchLike } from '@medicalink/sdk';
import { randomUUID } from 'node:crypto';
import { mapBounded } from '@medicalink/testing';
import { positiveEnv } from './env';
import { externalGatewayTarget, startGatewayTarget, type GatewayTarget } from './gateway-target';
import { describeMachineSpeed, measureMachineSpeed } from './machine-speed';
import { finishBench } from './report';
import { roundOrder } from './rounds';
import { BenchCleanup, runBench } from './run-bench';
import { median } from './stats';
import { fixed, formatLine } from './table';

const CALLS = Math.round(positiveEnv('BENCH_SDK_CALLS', 1_000));
const ROUNDS = Math.round(positiveEnv('BENCH_SDK_ROUNDS', 3));
const CREATE_CONCURRENCY = Math.round(positiveEnv('BENCH_SDK_CREATE_CONCURRENCY', 16));
const BATCH_SIZE = 10;
/** doctors of each mode's uncounted warm-up run */
const WARMUP_CALLS = Math.min(CALLS, 200);

const MODES = ['batched', 'unbatched'] as const;
type Mode = (typeof MODES)[number];

interface Run {
  mode: Mode;
  round: number;
  requests: number;
  elapsedMs: number;
  callsPerSec: number;
  /** calls that failed, or answered another doctor than the one asked for */
  failed: number;
  /** calls the gateway answered from its cache (none should: the doctors are unread) */
  cacheHits: number;
  firstError?: string;
}

const cleanup = new BenchCleanup();

async function createDoctors(target: GatewayTarget, count: number): Promise<string[]> {
  const client = createMedicaLinkClient({
    baseUrl: target.gatewayUrl,
    token: target.token,
    timeout: 60_000,
  });
  let created = 0;
  try {
    return await mapBounded(count, CREATE_CONCURRENCY, async () => {
      const tag = randomUUID().slice(0, 12);
      const reply = await client.createDoctor({
        email: `bench-${tag}@medicalink.local`,
        password: `Bench-${randomUUID()}`,
        fullName: `Dr. Bench ${tag}`,
        specialty: 'Benchmarking',
        licenseNumber: `B-${tag}`,
      });
      if (!reply.success) throw new Error(`creating a doctor failed: ${reply.error}`);
      created += 1;
      if (created % 500 === 0) process.stderr.write(`created ${created}/${count} doctors\n`);
      return reply.data.doctorId;
    });
  } finally {
    client.dispose();
  }
}

/**
 * One run: a getDoctor call per id, all at once, on a fresh client with the SDK's default
 * retries; counts the HTTP requests it took (retries included) and the calls that failed or
 * answered the wrong doctor.
 */
async function run(target: GatewayTarget, ids: readonly string[], mode: Mode, round: number) {
  let requests = 0;
  const counting: FetchLike = (url, init) => {
    requests += 1;
    return fetch(url, init);
  };
  const client = createMedicaLinkClient({
    baseUrl: target.gatewayUrl,
    token: target.token,
    enableBatching: mode === 'batched',
    batchSize: BATCH_SIZE,
    timeout: 120_000,
    fetch: counting,
  });
  const started = performance.now();
  const results = await Promise.all(ids.map((id) => client.getDoctor(id)));
  const elapsedMs = performance.now() - started;
  client.dispose();
  const errors = results.flatMap((result, i) =>
    !result.success
      ? [result.error]
      : result.data.id !== ids[i]
        ? [`asked for doctor ${ids[i]}, got ${result.data.id}`]
        : [],
  );
  const cacheHits = results.filter(
    (result) => (result.details?.['cache'] as { hit?: boolean } | undefined)?.hit === true,
  ).length;
  const outcome: Run = {
    mode,
    round,
    requests,
    elapsedMs,
    callsPerSec: (ids.length / elapsedMs) * 1_000,
    failed: errors.length,
    cacheHits,
    ...(errors[0] ? { firstError: errors[0] } : {}),
  };
  return outcome;
}

const WIDTHS = [10, 6, 9, 11, 9, 7, 11];
const formatRun = (row: Run) =>
  formatLine(WIDTHS, [
    row.mode,
    row.round === 0 ? 'median' : String(row.round),
    String(row.requests),
    fixed(row.elapsedMs, 0),
    fixed(row.callsPerSec, 0),
    String(row.failed),
    String(row.cacheHits),
  ]);

async function main(): Promise<void> {
  const speed = await measureMachineSpeed();
  const external = process.env['BENCH_GATEWAY_URL'];
  const token = process.env['BENCH_TOKEN'];
  if (Boolean(external) !== Boolean(token))
    throw new Error('BENCH_GATEWAY_URL and BENCH_TOKEN go together');
  const target =
    external && token
      ? externalGatewayTarget(external, token)
      : await startGatewayTarget({ onStop: (stop) => cleanup.add(stop) });

  const needed = MODES.length * (WARMUP_CALLS + ROUNDS * CALLS);
  process.stderr.write(`creating ${needed} doctors (each measured run reads unseen ones)...\n`);
  const ids = await createDoctors(target, needed);
  const take = (() => {
    let next = 0;
    return (count: number) => ids.slice(next, (next += count));
  })();

  const problems: string[] = [];
  for (const mode of MODES) {
    const warm = await run(target, take(WARMUP_CALLS), mode, 0);
    process.stderr.write(
      `warm-up ${mode}: ${fixed(warm.elapsedMs, 0)} ms, ${warm.failed} failed${warm.firstError ? ` (${warm.firstError})` : ''}\n`,
    );
  }
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const mode of roundOrder(MODES, round - 1)) {
      const measured = await run(target, take(CALLS), mode, round);
      runs.push(measured);
      process.stderr.write(`  ${formatRun(measured)}\n`);
      if (measured.failed > 0)
        problems.push(
          `${mode} round ${round}: ${measured.failed} of ${CALLS} calls failed, e.g. ${measured.firstError}`,
        );
    }
  }
  await cleanup.run();

  const medianOf = (mode: Mode): Run => {
    const own = runs.filter((row) => row.mode === mode);
    return {
      mode,
      round: 0,
      requests: median(own.map((row) => row.requests)),
      elapsedMs: median(own.map((row) => row.elapsedMs)),
      callsPerSec: median(own.map((row) => row.callsPerSec)),
      failed: own.reduce((sum, row) => sum + row.failed, 0),
      cacheHits: own.reduce((sum, row) => sum + row.cacheHits, 0),
    };
  };
  const batched = medianOf('batched');
  const unbatched = medianOf('unbatched');
  finishBench('sdk', {
    lines: [
      `# ${describeMachineSpeed(speed)}`,
      `# ${CALLS} concurrent getDoctor calls per run, each run on ${CALLS} doctors never read before, batchSize ${BATCH_SIZE}, ${ROUNDS} rounds per mode (alternating)`,
      formatLine(WIDTHS, [
        'mode',
        'round',
        'requests',
        'elapsed ms',
        'calls/s',
        'failed',
        'cache hits',
      ]),
      ...runs.map(formatRun),
      formatRun(batched),
      formatRun(unbatched),
    ],
    ratios: [
      `sdk ratio batched/unbatched throughput: ${fixed(batched.callsPerSec / unbatched.callsPerSec, 2)}`,
    ],
    problems,
  });
}

runBench('sdk', main, { cleanup: () => cleanup.run() });
