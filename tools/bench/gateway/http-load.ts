import autocannon from 'autocannon';

export interface HttpLoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
}

export interface HttpLoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** mean latency (finer than the percentiles' 1 ms steps) */
  meanMs: number;
  total2xx: number;
  /** everything that is not a 2xx answer: connection errors, timeouts, non-2xx, resets */
  problems: string[];
}

/** The autocannon run in progress, so Ctrl-C can stop it. */
let current: autocannon.Instance | undefined;

export function stopHttpLoad(): void {
  current?.stop();
}

/**
 * One autocannon run (programmatic API, keep-alive, no pipelining). Latency
 * percentiles come from autocannon's histogram (1 ms resolution), req/s is the
 * mean of its per-second samples.
 */
export function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    current = autocannon(
      {
        url: options.url,
        method: 'GET',
        headers: options.headers,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationMs / 1000,
        timeout: 10,
      },
      (error: unknown, result: autocannon.Result) => {
        current = undefined;
        if (error) return reject(error instanceof Error ? error : new Error('autocannon failed'));
        const problems: string[] = [];
        if (result.errors > 0) problems.push(`${result.errors} errors`);
        if (result.timeouts > 0) problems.push(`${result.timeouts} timeouts`);
        if (result.non2xx > 0)
          problems.push(`${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)})`);
        if (result.resets > 0) problems.push(`${result.resets} resets`);
        if (result['2xx'] === 0) problems.push('no 2xx responses at all');
        resolve({
          reqPerSec: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          meanMs: result.latency.mean,
          total2xx: result['2xx'],
          problems,
        });
      },
    );
  });
}
