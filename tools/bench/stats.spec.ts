import { describe, expect, it } from 'vitest';
import { median, percentile } from './stats';

describe('percentile (nearest rank)', () => {
  it('picks the smallest value with at least q of the values at or below it', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 0.5)).toBe(5);
    expect(percentile(sorted, 0.99)).toBe(10);
    expect(percentile(sorted, 0.9)).toBe(9);
    expect(percentile(Float64Array.from([3]), 0.99)).toBe(3);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
