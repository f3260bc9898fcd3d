import { runHttpLoad, type HttpLoadResult } from './http-load';
import { request, type BenchSystem } from './system';

/** The two ways the orchestrator fetches a doctor that missed its cache. */
export const FAN_OUT_MODES = ['sequential', 'fan-out'] as const;
export type FanOutMode = (typeof FAN_OUT_MODES)[number];

export interface FanOutRound {
  mode: FanOutMode;
  result: HttpLoadResult;
}

export interface FanOutOptions {
  /** the doctor read, e.g. /doctors/<id> */
  path: string;
  rounds: number;
  warmupMs: number;
  durationMs: number;
  log: (line: string) => void;
  interrupted: () => boolean;
}

/**
 * The miss latency of a composite doctor read (GET with `Cache-Control: no-cache`, one
 * connection, so each request's latency is the read's own), with the orchestrator asking the
 * directory and accounts one after the other (DOCTOR_READ_FAN_OUT=false) and at once (the
 * default). Both are measured in this run, on this machine: the orchestrator is restarted with
 * each setting in turn, `rounds` times, alternating, so a change of load touches both alike.
 * The orchestrator is left running with the default.
 */
export async function runFanOutRounds(
  system: BenchSystem,
  options: FanOutOptions,
): Promise<FanOutRound[]> {
  const rounds: FanOutRound[] = [];
  const headers = { authorization: `Bearer ${system.token}`, 'cache-control': 'no-cache' };
  const load = { url: `${system.gatewayUrl}${options.path}`, headers, connections: 1 };
  try {
    for (let round = 0; round < options.rounds && !options.interrupted(); round += 1) {
      for (const mode of FAN_OUT_MODES) {
        await system.restart('orchestrator', { DOCTOR_READ_FAN_OUT: String(mode === 'fan-out') });
        await servedAgain(system, options.path, headers);
        // the warm-up's first read teaches a fresh orchestrator the doctor's account
        await runHttpLoad({ ...load, durationMs: options.warmupMs });
        const result = await runHttpLoad({ ...load, durationMs: options.durationMs });
        rounds.push({ mode, result });
        options.log(
          `  miss c=1 ${mode} (round ${round + 1}): p50 ${result.p50Ms} ms, mean ${result.meanMs.toFixed(2)} ms, ${result.reqPerSec.toFixed(1)} req/s`,
        );
      }
    }
  } finally {
    await system.restart('orchestrator', { DOCTOR_READ_FAN_OUT: 'true' });
  }
  return rounds;
}

/** How long the gateway may take to reach a restarted orchestrator (its circuit closing again). */
const SERVED_AGAIN_WITHIN_MS = 60_000;

/**
 * Waits until the gateway answers the read again: while the orchestrator restarted, its calls
 * failed and its circuit breaker may still be open for a while.
 */
async function servedAgain(
  system: BenchSystem,
  path: string,
  headers: Record<string, string>,
): Promise<void> {
  const deadline = Date.now() + SERVED_AGAIN_WITHIN_MS;
  for (;;) {
    const reply = await request(system.gatewayUrl, 'GET', path, { headers });
    if (reply.status === 200) return;
    if (Date.now() > deadline) {
      throw new Error(`GET ${path} still answers ${reply.status} after the orchestrator restarted`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The median of each mode's mean latency over its rounds. */
export function medianMeanMs(rounds: readonly FanOutRound[], mode: FanOutMode): number {
  const means = rounds
    .filter((round) => round.mode === mode)
    .map((round) => round.result.meanMs)
    .sort((a, b) => a - b);
  if (means.length === 0) return Number.NaN;
  const middle = Math.floor(means.length / 2);
  return means.length % 2 === 1 ? means[middle]! : (means[middle - 1]! + means[middle]!) / 2;
}
