import { z } from 'zod';
import { defineRpc } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';
import { BusinessId, CountryCode, EducationCategory, EducationData } from './education.fields';

export const CollegeCountryCheck = z.object({
  college: z.string(),
  country: z.string(),
  isValid: z.boolean(),
  /** 100 for an exact (case- and accent-insensitive) match; else the best trigram similarity */
  confidence: z.number().int().min(0).max(100),
  suggestions: z.array(z.string()).optional(),
  /** where a college of that exact name exists when it is not in the given country */
  foundInCountries: z.array(z.string()).optional(),
});
export type CollegeCountryCheck = z.infer<typeof CollegeCountryCheck>;

export const UniversityCountryCheck = z.object({
  university: z.string(),
  country: z.string(),
  isValid: z.boolean(),
  reasons: z.array(z.string()).optional(),
});
export type UniversityCountryCheck = z.infer<typeof UniversityCountryCheck>;

export const ExistingRecordRef = z.object({
  kind: z.enum(['record', 'session']),
  /** left out where an owner reads it: another record or session is not theirs to know */
  id: z.string().optional(),
  createdAt: Timestamp.optional(),
});

export const BusinessIdCheck = z.object({
  userBusinessId: z.string(),
  isUnique: z.boolean(),
  existingRecords: z.array(ExistingRecordRef).optional(),
});
export type BusinessIdCheck = z.infer<typeof BusinessIdCheck>;

export const ValidationSeverity = z.enum(['warning', 'error', 'critical']);

/** One finding of a validation: what, how bad, and which field. */
export const ValidationIssue = z.object({
  code: z.string(),
  message: z.string(),
  severity: ValidationSeverity,
  field: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export const SimpleCheck = z.object({
  isValid: z.boolean(),
  reasons: z.array(z.string()).optional(),
});

export const EducationValidationResult = z.object({
  isValid: z.boolean(),
  /** 0..100: the weighted sum of the checks (weights in VALIDATION_WEIGHTS) */
  validationScore: z.number().int().min(0).max(100),
  criticalFailures: z.array(ValidationIssue),
  warnings: z.array(ValidationIssue),
  checks: z.object({
    collegeCountry: CollegeCountryCheck.nullable(),
    universityCountry: UniversityCountryCheck,
    userBusinessId: BusinessIdCheck,
    graduationYear: SimpleCheck.extend({ min: z.number().int(), max: z.number().int() }),
    degreeType: SimpleCheck,
    accessModifier: SimpleCheck,
  }),
  validatedAt: Timestamp,
});
export type EducationValidationResult = z.infer<typeof EducationValidationResult>;

/**
 * How much each check weighs in `validationScore` (sum 100). The college check counts by its
 * confidence (a college is optional: without one the weight is granted); each other check counts
 * in full when it passes and not at all when it fails.
 */
export const VALIDATION_WEIGHTS = {
  universityCountry: 25,
  userBusinessId: 25,
  collegeCountry: 20,
  graduationYear: 15,
  degreeType: 10,
  accessModifier: 5,
} as const;

export const ValidateEducationRequest = z
  .object({
    userBusinessId: BusinessId,
    educationData: EducationData,
    /** registration sessions still live for the same business id (the orchestrator knows them) */
    liveSessionIds: z.array(z.string()).max(100).default([]),
    /**
     * The registration asking: the record its own create made (a run retried after its session
     * was lost with Redis) does not make the business id taken.
     */
    sessionId: z.string().max(100).optional(),
  })
  .strict();

export const CategoryDetermination = z.object({
  category: EducationCategory,
  /** the current year the rule used */
  year: z.number().int(),
  graduationYear: z.number().int(),
  accountId: z.string().nullable(),
  membershipExpiresAt: Timestamp.nullable(),
  membershipActive: z.boolean(),
  reason: z.string(),
  determinedAt: Timestamp,
});
export type CategoryDetermination = z.infer<typeof CategoryDetermination>;

export const checksRpc = {
  collegeCountry: defineRpc('education.check.collegeCountry', {
    request: z
      .object({ college: z.string().trim().min(1).max(200), country: CountryCode })
      .strict(),
    response: CollegeCountryCheck,
  }),
  universityCountry: defineRpc('education.check.universityCountry', {
    request: z
      .object({ university: z.string().trim().min(1).max(120), country: CountryCode })
      .strict(),
    response: UniversityCountryCheck,
  }),
  userBusinessId: defineRpc('education.check.userBusinessId', {
    request: z.object({ userBusinessId: BusinessId }).strict(),
    response: BusinessIdCheck,
  }),
  validate: defineRpc('education.check.validate', {
    request: ValidateEducationRequest,
    response: EducationValidationResult,
  }),
  /**
   * With `accountId`: that account's membership (it must carry the business id: 409
   * otherwise), as when the registration is linked. Without: the membership of whichever
   * account carries the business id, if any.
   */
  category: defineRpc('education.check.category', {
    request: z
      .object({
        userBusinessId: BusinessId,
        graduationYear: z.number().int(),
        accountId: Uuid.optional(),
      })
      .strict(),
    response: CategoryDetermination,
  }),
};
