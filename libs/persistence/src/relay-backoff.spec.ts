import { describe, expect, it } from 'vitest';
import { relayBackoffMs } from './relay-backoff';

describe('relayBackoffMs', () => {
  it('doubles from the poll interval after each failure, up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((failures) => relayBackoffMs(failures, 500, 10_000));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('stays finite after a very long outage', () => {
    expect(relayBackoffMs(10_000, 500, 10_000)).toBe(10_000);
  });
});
