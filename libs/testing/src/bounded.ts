/**
 * Runs `work` for every item with at most `concurrency` in flight (a worker pool); resolves when
 * all are done, or once `stopped()` turns true and the calls in flight have finished. A
 * rejection stops the pool from taking more items and is rethrown after the others finish.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed && !stopped()) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, worker);
  const results = await Promise.allSettled(workers);
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/** `count` results of `make(i)`, at most `concurrency` in flight, in index order. */
export async function mapBounded<T>(
  count: number,
  concurrency: number,
  make: (index: number) => Promise<T>,
  stopped?: () => boolean,
): Promise<T[]> {
  const results = new Array<T>(count);
  await forEachBounded(
    Array.from({ length: count }, (_, index) => index),
    concurrency,
    async (index) => {
      results[index] = await make(index);
    },
    stopped,
  );
  return results;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
