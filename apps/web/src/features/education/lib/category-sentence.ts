import type { CategoryDetermination } from '@medicalink/sdk';

type Decided = Pick<
  CategoryDetermination,
  'category' | 'year' | 'graduationYear' | 'membershipExpiresAt'
>;

const day = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { dateStyle: 'long', timeZone: 'UTC' });

/**
 * The category rule as a sentence about this person, from the fields that decided it (the
 * server's `reason` is the rule's own terse text): after this year a student; this year or last
 * with an active membership a new graduate; otherwise a graduate.
 */
export function categorySentence(decided: Decided): string {
  const { category, year, graduationYear, membershipExpiresAt } = decided;
  if (category === 'student') {
    return `Graduates in ${graduationYear}, after this year (${year}), so counts as a student.`;
  }
  const when =
    graduationYear === year ? 'this year' : graduationYear === year - 1 ? 'last year' : null;
  if (category === 'new_graduated') {
    const until = membershipExpiresAt ? ` until ${day(membershipExpiresAt)}` : '';
    return `Graduated ${when ?? `in ${graduationYear}`} and the membership is active${until}, so counts as a new graduate.`;
  }
  if (when) {
    return `Graduated ${when} (${graduationYear}), but has no active membership, so counts as a graduate; a new graduate needs one.`;
  }
  return `Graduated in ${graduationYear}, before last year (${year - 1}), so counts as a graduate.`;
}
