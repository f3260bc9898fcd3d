import { describe, expect, it } from 'vitest';
import { DateOnly, Timestamp } from './fields';

describe('date fields', () => {
  it('refuses dates PostgreSQL cannot store, naming the range, and one problem per bad value', () => {
    expect(DateOnly.safeParse('0000-01-01').error?.issues.map((i) => i.message)).toEqual([
      'must be a date between 1000-01-01 and 9999-12-31',
    ]);
    expect(Timestamp.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(DateOnly.safeParse('1 April 1990').error?.issues).toHaveLength(1);
    expect(DateOnly.parse('1990-04-01')).toBe('1990-04-01');
    expect(Timestamp.parse('2026-01-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z');
  });
});
