import { describe, expect, it } from 'vitest';
import { roundOrder } from './rounds';

describe('roundOrder', () => {
  it('rotates the items by the round, so each takes every position once', () => {
    const items = ['a', 'b', 'c'];
    expect([0, 1, 2, 3].map((round) => roundOrder(items, round).join(''))).toEqual([
      'abc',
      'bca',
      'cab',
      'abc',
    ]);
    expect(roundOrder([], 2)).toEqual([]);
  });
});
