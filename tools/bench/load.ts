/**
 * Closed-loop load generator: `concurrency` workers, each awaiting one call at
 * a time. Latencies go into a Float64Array allocated before the run starts.
 */
import { percentile } from './stats';

export interface LoadOptions {
  concurrency: number;
  /** calls run but are not counted for this long first */
  warmupMs: number;
  durationMs: number;
  /** one request; must reject if the reply is wrong */
  call: (n: number) => Promise<void>;
  /** how long to wait for in-flight calls once the window has closed */
  drainTimeoutMs?: number;
}

export interface LoadResult {
  concurrency: number;
  /** calls completed (successfully) inside the measurement window */
  completed: number;
  errors: number;
  firstError?: string;
  windowMs: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** Room for ~100k calls/s, so the array never grows in a realistic run. */
const SLOTS_PER_SECOND = 100_000;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { concurrency, warmupMs, durationMs, call } = options;
  let latencies = new Float64Array(
    Math.max(65_536, Math.ceil((durationMs / 1000) * SLOTS_PER_SECOND)),
  );
  let count = 0;
  let errors = 0;
  let firstError: string | undefined;
  let sequence = 0;

  const measureStart = performance.now() + warmupMs;
  const measureEnd = measureStart + durationMs;

  const record = (latency: number) => {
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = latency;
  };

  const worker = async () => {
    for (;;) {
      const started = performance.now();
      if (started >= measureEnd) return;
      const n = sequence++;
      try {
        await call(n);
      } catch (error) {
        const ended = performance.now();
        if (ended >= measureStart && ended <= measureEnd) errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        await sleep(10); // never spin on a failing transport
        continue;
      }
      const ended = performance.now();
      // A call counts when it completes inside the window (steady state on both edges).
      if (ended >= measureStart && ended <= measureEnd) record(ended - started);
    }
  };

  const workers = Promise.all(Array.from({ length: concurrency }, worker));
  const drainTimeoutMs = options.drainTimeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    workers.then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), warmupMs + durationMs + drainTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!drained) {
    errors += 1;
    firstError ??= `calls still in flight ${drainTimeoutMs} ms after the window closed`;
  }

  const sorted = latencies.slice(0, count).sort();
  return {
    concurrency,
    completed: count,
    errors,
    ...(firstError !== undefined ? { firstError } : {}),
    windowMs: durationMs,
    reqPerSec: (count * 1000) / durationMs,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

/** Local, not @medicalink/testing's: the rpc bench's client processes load only this file's imports. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
