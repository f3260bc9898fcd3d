import type { EducationCategory } from '@medicalink/contracts';

export interface CategoryInput {
  graduationYear: number;
  /** the membership expiry of the account carrying the business id; null: no membership known */
  membershipExpiresAt: Date | null;
  now: Date;
}

/**
 * The category rule, with `year` the current (UTC) year: graduating after this year is a student;
 * graduated this year or last year with a membership not yet expired is a new graduate;
 * everyone else has graduated. No account or no expiry date counts as no membership.
 */
export function determineCategory({ graduationYear, membershipExpiresAt, now }: CategoryInput): {
  category: EducationCategory;
  year: number;
  membershipActive: boolean;
  reason: string;
} {
  const year = now.getUTCFullYear();
  const membershipActive =
    membershipExpiresAt !== null && membershipExpiresAt.getTime() > now.getTime();
  if (graduationYear > year) {
    return { category: 'student', year, membershipActive, reason: `graduates after ${year}` };
  }
  const recent = graduationYear === year || graduationYear === year - 1;
  if (recent && membershipActive) {
    return {
      category: 'new_graduated',
      year,
      membershipActive,
      reason: `graduated in ${graduationYear} with a membership active until ${membershipExpiresAt.toISOString()}`,
    };
  }
  return {
    category: 'graduated',
    year,
    membershipActive,
    reason: recent
      ? `graduated in ${graduationYear} without an active membership`
      : `graduated in ${graduationYear}, before ${year - 1}`,
  };
}
