import { Agent, request as httpRequest } from 'node:http';
import { forEachBounded } from '@medicalink/testing';
import { percentile } from '../stats';

export interface RequestLoadOptions {
  baseUrl: string;
  token: string;
  connections: number;
  /** how many requests in all; the run ends when every one has answered */
  amount: number;
  method: 'GET' | 'POST';
  /** the path and body of the i-th request (0-based), so each may target a fresh resource */
  request: (index: number) => { path: string; body?: unknown };
}

export interface RequestLoadResult {
  /** answered requests per second over the whole run */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  total2xx: number;
  /** wall time of the run */
  seconds: number;
  /** every answered request's latency, sorted (to pool runs of one row) */
  latenciesMs: number[];
  /** everything that is not a 2xx answer: errors, timeouts, non-2xx statuses */
  problems: string[];
}

let stopped = false;

export function stopRequestLoad(): void {
  stopped = true;
}

const TIMEOUT_MS = 30_000;

/**
 * A closed loop of `connections` workers over keep-alive connections, each sending its next
 * request as soon as the previous one answered, until `amount` requests have answered. Each
 * request is built by `request(i)`: the rows that create something need a fresh session or
 * code per request, which a duration-based autocannon run cannot hand out. Throughput is 2xx
 * answers over the run's wall time; percentiles are exact (sorted latencies).
 */
export async function runRequestLoad(options: RequestLoadOptions): Promise<RequestLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(options.baseUrl);
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let ok = 0;
  const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);

  // Built and serialized before the clock starts: the load measures the system, not the
  // bench's own JSON work (which would weigh on rows with bodies more than on reads).
  const requests = Array.from({ length: options.amount }, (_, index) => {
    const { path, body } = options.request(index);
    return { path, payload: body === undefined ? undefined : JSON.stringify(body) };
  });

  const send = (index: number) =>
    new Promise<number>((resolve, reject) => {
      const { path, payload } = requests[index]!;
      const call = httpRequest(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: options.method,
          path,
          timeout: TIMEOUT_MS,
          headers: {
            authorization: `Bearer ${options.token}`,
            ...(payload === undefined
              ? {}
              : {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                }),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      call.on('timeout', () => call.destroy(new Error('timeout')));
      call.on('error', reject);
      call.end(payload);
    });

  const started = performance.now();
  await forEachBounded(
    requests,
    options.connections,
    async (_, index) => {
      const sent = performance.now();
      try {
        const status = await send(index);
        latencies.push(performance.now() - sent);
        if (status >= 200 && status < 300) ok += 1;
        else count(String(status));
      } catch (error) {
        count((error as Error).message);
      }
    },
    () => stopped,
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const problems = [...statuses].map(([what, times]) => `${times} x ${what}`);
  if (ok === 0) problems.push('no 2xx responses at all');
  return {
    reqPerSec: ok / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    total2xx: ok,
    seconds,
    latenciesMs: latencies,
    problems,
  };
}
