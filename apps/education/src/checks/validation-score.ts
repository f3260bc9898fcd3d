import { VALIDATION_WEIGHTS, type EducationValidationResult } from '@medicalink/contracts';

type Checks = EducationValidationResult['checks'];

/**
 * validationScore: the sum of VALIDATION_WEIGHTS over the checks. The college check counts by
 * its confidence when the college is in the given country and not at all when it exists only
 * elsewhere; without a college its weight is granted (the field is optional).
 */
export function validationScore(checks: Checks): number {
  const college = checks.collegeCountry;
  const collegeShare = !college
    ? 1
    : college.foundInCountries && college.foundInCountries.length > 0
      ? 0
      : college.confidence / 100;
  const score =
    VALIDATION_WEIGHTS.collegeCountry * collegeShare +
    VALIDATION_WEIGHTS.universityCountry * Number(checks.universityCountry.isValid) +
    VALIDATION_WEIGHTS.userBusinessId * Number(checks.userBusinessId.isUnique) +
    VALIDATION_WEIGHTS.graduationYear * Number(checks.graduationYear.isValid) +
    VALIDATION_WEIGHTS.degreeType * Number(checks.degreeType.isValid) +
    VALIDATION_WEIGHTS.accessModifier * Number(checks.accessModifier.isValid);
  return Math.round(score);
}
