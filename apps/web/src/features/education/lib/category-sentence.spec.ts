import { describe, expect, it } from 'vitest';
import { auditActionLabel } from './audit-actions';
import { categorySentence } from './category-sentence';

const base = { year: 2026, membershipExpiresAt: null };

describe('categorySentence', () => {
  it('says why each category was given, in words', () => {
    expect(categorySentence({ ...base, category: 'student', graduationYear: 2028 })).toBe(
      'Graduates in 2028, after this year (2026), so counts as a student.',
    );
    expect(
      categorySentence({
        ...base,
        category: 'new_graduated',
        graduationYear: 2025,
        membershipExpiresAt: '2027-03-31T12:00:00.000Z',
      }),
    ).toMatch(
      /^Graduated last year and the membership is active until .*2027, so counts as a new graduate\.$/,
    );
    expect(categorySentence({ ...base, category: 'graduated', graduationYear: 2026 })).toBe(
      'Graduated this year (2026), but has no active membership, so counts as a graduate; a new graduate needs one.',
    );
    expect(categorySentence({ ...base, category: 'graduated', graduationYear: 2019 })).toBe(
      'Graduated in 2019, before last year (2025), so counts as a graduate.',
    );
  });
});

describe('auditActionLabel', () => {
  it("tells the registration's opening from the record's creation, both named create", () => {
    expect(auditActionLabel({ action: 'create', from: null })).toBe('Registration opened');
    expect(auditActionLabel({ action: 'create', from: 'account_linked' })).toBe('Record creation');
    expect(auditActionLabel({ action: 'linkAccount', from: 'category_determined' })).toBe(
      'Account linking',
    );
    expect(auditActionLabel({ action: 'somethingNew' })).toBe('somethingNew');
  });
});
