import { describe, expect, it } from 'vitest';
import { retryDelayMs, retryDelays } from './retry-schedule';

describe('retry schedule', () => {
  const settings = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 5_000 };

  it('doubles the delay from the base on each attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(settings, attempt))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });

  it('lists each distinct delay once, one per retry before maxAttempts', () => {
    expect(retryDelays({ ...settings, maxAttempts: 4 })).toEqual([1_000, 2_000, 4_000]);
    expect(retryDelays({ ...settings, maxAttempts: 7 })).toEqual([1_000, 2_000, 4_000, 5_000]);
  });

  it('needs no delays when only one delivery is allowed', () => {
    expect(retryDelays({ ...settings, maxAttempts: 1 })).toEqual([]);
  });
});
