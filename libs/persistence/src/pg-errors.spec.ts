import { describe, expect, it } from 'vitest';
import { isInvalidTextRepresentation, isUniqueViolation } from './pg-errors';

const uniqueViolation = Object.assign(new Error('duplicate key value'), {
  code: '23505',
  constraint: 'accounts_email_key',
});

describe('isUniqueViolation', () => {
  it('recognises 23505, optionally on one constraint', () => {
    expect(isUniqueViolation(uniqueViolation)).toBe(true);
    expect(isUniqueViolation(uniqueViolation, 'accounts_email_key')).toBe(true);
    expect(isUniqueViolation(uniqueViolation, 'accounts_pkey')).toBe(false);
  });

  it('is false for anything else', () => {
    expect(isUniqueViolation(Object.assign(new Error('x'), { code: '23503' }))).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
  });
});

describe('isInvalidTextRepresentation', () => {
  it('recognises 22P02 (a malformed uuid) only', () => {
    expect(
      isInvalidTextRepresentation(
        Object.assign(new Error('invalid input syntax'), { code: '22P02' }),
      ),
    ).toBe(true);
    expect(isInvalidTextRepresentation(uniqueViolation)).toBe(false);
    expect(isInvalidTextRepresentation(null)).toBe(false);
  });
});
