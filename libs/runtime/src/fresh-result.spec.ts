import { describe, expect, it } from 'vitest';
import { FreshResult } from './fresh-result';

function counted<T>(value: () => T) {
  const calls = { count: 0, release: [] as (() => void)[] };
  const compute = () => {
    calls.count += 1;
    return new Promise<T>((resolve) => calls.release.push(() => resolve(value())));
  };
  return { calls, compute };
}

describe('FreshResult', () => {
  it('shares one computation among concurrent callers', async () => {
    const { calls, compute } = counted(() => 'report');
    const fresh = new FreshResult(compute, 1_000);

    const waiting = Array.from({ length: 100 }, () => fresh.get());
    expect(calls.count).toBe(1);
    calls.release[0]!();

    expect(new Set(await Promise.all(waiting))).toEqual(new Set(['report']));
    expect(calls.count).toBe(1);
  });

  it('serves the last result while it is at most maxAgeMs old, then computes again', async () => {
    let now = 0;
    let n = 0;
    const fresh = new FreshResult(
      () => Promise.resolve((n += 1)),
      1_000,
      () => now,
    );

    expect(await fresh.get()).toBe(1);
    now = 1_000;
    expect(await fresh.get()).toBe(1);
    now = 1_001;
    expect(await fresh.get()).toBe(2);
  });

  it('keeps no failed result: the next caller tries again', async () => {
    let fail = true;
    const fresh = new FreshResult(
      () => (fail ? Promise.reject(new Error('down')) : Promise.resolve('up')),
      1_000,
    );

    await expect(fresh.get()).rejects.toThrow('down');
    fail = false;
    expect(await fresh.get()).toBe('up');
  });
});
