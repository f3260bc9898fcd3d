import { describe, expect, it } from 'vitest';
import { forEachBounded, mapBounded, sleep } from './bounded';

describe('forEachBounded', () => {
  it('runs every item with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(5);
      seen.push(item);
      inFlight -= 1;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('takes no more items once stopped, and rethrows the first failure after the others end', async () => {
    const started: number[] = [];
    await expect(
      forEachBounded([0, 1, 2, 3, 4, 5], 2, async (item) => {
        started.push(item);
        await sleep(5);
        if (item === 1) throw new Error('item 1 failed');
      }),
    ).rejects.toThrow('item 1 failed');
    expect(started.length).toBeLessThan(6);

    let calls = 0;
    await forEachBounded(
      [0, 1, 2, 3],
      1,
      async () => void (calls += 1),
      () => calls >= 2,
    );
    expect(calls).toBe(2);
  });
});

describe('mapBounded', () => {
  it('returns the results in index order', async () => {
    const results = await mapBounded(5, 2, async (i) => {
      await sleep(5 - i);
      return i * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40]);
  });
});
