import { z } from 'zod';
import { BusinessId } from '../common/fields';

export { BusinessId };

/** ISO 3166-1 alpha-2, accepted in any case, stored upper case. */
export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code');

/** A university or college id from the reference data, e.g. `ca-mcgill-university`. */
export const ReferenceId = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]{2,120}$/, 'must be a reference id (a-z, 0-9 and -)');

export const DegreeType = z.enum(['diploma', 'bachelors', 'masters', 'doctorate', 'other']);
export type DegreeType = z.infer<typeof DegreeType>;

export const AccessModifier = z.enum(['public', 'private', 'protected']);
export type AccessModifier = z.infer<typeof AccessModifier>;

export const EducationCategory = z.enum(['student', 'new_graduated', 'graduated']);
export type EducationCategory = z.infer<typeof EducationCategory>;

/** Any integer year here; whether it is plausible (1950..now+7) is a validation check. */
export const GraduationYear = z.number().int('must be an integer').min(1000).max(9999);

/** The education data of a registration, as staged and as checked. */
export const EducationData = z
  .object({
    graduationYear: GraduationYear,
    university: ReferenceId,
    country: CountryCode,
    degreeType: DegreeType,
    college: z.string().trim().min(1).max(200).optional(),
    accessModifier: AccessModifier.default('private'),
  })
  .strict();
export type EducationData = z.infer<typeof EducationData>;
