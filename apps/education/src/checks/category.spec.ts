import { describe, expect, it } from 'vitest';
import { determineCategory } from './category';

const now = new Date('2026-06-15T12:00:00Z');
const later = new Date('2026-06-15T12:00:01Z');
const earlier = new Date('2026-06-15T11:59:59Z');

describe('determineCategory', () => {
  it.each([
    [2027, later, 'student'],
    [2027, null, 'student'],
    [2026, later, 'new_graduated'],
    [2025, later, 'new_graduated'],
    [2026, earlier, 'graduated'],
    [2026, now, 'graduated'],
    [2025, null, 'graduated'],
    [2024, later, 'graduated'],
  ] as const)('graduation %i, membership until %s -> %s', (graduationYear, expiry, category) => {
    expect(determineCategory({ graduationYear, membershipExpiresAt: expiry, now }).category).toBe(
      category,
    );
  });
});
