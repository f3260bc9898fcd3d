import { describe, expect, it } from 'vitest';
import { isAtLeast } from './privileges';

describe('isAtLeast', () => {
  it.each([
    ['owner', 'owner', true],
    ['owner', 'admin', false],
    ['owner', 'main', false],
    ['admin', 'owner', true],
    ['admin', 'admin', true],
    ['admin', 'main', false],
    ['main', 'owner', true],
    ['main', 'admin', true],
    ['main', 'main', true],
  ] as const)('%s is at least %s: %s', (privilege, other, expected) => {
    expect(isAtLeast(privilege, other)).toBe(expected);
  });
});
