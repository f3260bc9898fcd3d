import { Inject, Injectable } from '@nestjs/common';
import {
  AccessModifier,
  accountRpc,
  DegreeType,
  type BusinessIdCheck,
  type CategoryDetermination,
  type CollegeCountryCheck,
  type RpcRequestParsed,
  type UniversityCountryCheck,
  type ValidationIssue,
  type EducationValidationResult,
  type checksRpc,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import type { Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import { CLOCK, type Clock } from '../clock/clock';
import { accountWithoutBusinessId } from './checks.errors';
import type { EducationDatabase } from '../database/education.schema';
import { RecordsRepository } from '../records/records.repository';
import { ReferenceRepository } from '../reference/reference.repository';
import { determineCategory } from './category';
import { graduationYearRange } from './graduation-year';
import { validationScore } from './validation-score';

type Validate = RpcRequestParsed<typeof checksRpc.validate>;
type Category = RpcRequestParsed<typeof checksRpc.category>;

/** How many alternatives a college check suggests at most. */
const MAX_SUGGESTIONS = 3;

/** The checks of an education registration, each against the reference data or the records. */
@Injectable()
export class ChecksService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<EducationDatabase>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reference: ReferenceRepository,
    private readonly records: RecordsRepository,
    private readonly rpc: RpcClient,
  ) {}

  /**
   * Valid with confidence 100 when the country has a college of exactly this name (ignoring
   * case, accents and spacing). Otherwise invalid, the confidence being the best trigram
   * similarity in that country, with up to three suggestions from it; a college of exactly
   * this name elsewhere is named by its countries.
   */
  async collegeCountry(college: string, country: string): Promise<CollegeCountryCheck> {
    const { exact, similar } = await this.reference.collegeMatches(
      this.db,
      college,
      country,
      MAX_SUGGESTIONS,
    );
    if (exact.some((match) => match.country === country)) {
      return { college, country, isValid: true, confidence: 100 };
    }
    const best = similar[0]?.similarity ?? 0;
    const elsewhere = [...new Set(exact.map((match) => match.country))];
    return {
      college,
      country,
      isValid: false,
      // an inexact match never reaches 100, however similar
      confidence: Math.min(99, Math.round(best * 100)),
      ...(similar.length > 0 ? { suggestions: similar.map((match) => match.name) } : {}),
      ...(elsewhere.length > 0 ? { foundInCountries: elsewhere } : {}),
    };
  }

  async universityCountry(university: string, country: string): Promise<UniversityCountryCheck> {
    const [found, countryKnown] = await Promise.all([
      this.reference.university(this.db, university),
      this.reference.countryExists(this.db, country),
    ]);
    const reasons: string[] = [];
    if (!countryKnown) reasons.push(`unknown country code ${country}`);
    if (!found) reasons.push(`unknown university id ${university}`);
    else if (found.country !== country) {
      reasons.push(`${found.name} is in ${found.country}, not in ${country}`);
    }
    return reasons.length === 0
      ? { university, country, isValid: true }
      : { university, country, isValid: false, reasons };
  }

  /**
   * Unique when no record carries the business id and no other live session does; the record
   * of `ownSessionId`, the registration asking, is its own and does not count.
   */
  async userBusinessId(
    userBusinessId: string,
    liveSessionIds: readonly string[] = [],
    ownSessionId?: string,
  ): Promise<BusinessIdCheck> {
    const rows = (await this.records.findByBusinessId(this.db, userBusinessId)).filter(
      (row) => row.session_id !== ownSessionId,
    );
    const existingRecords = [
      ...rows.map((row) => ({
        kind: 'record' as const,
        id: row.id,
        createdAt: row.created_at.toISOString(),
      })),
      ...liveSessionIds.map((id) => ({ kind: 'session' as const, id })),
    ];
    return existingRecords.length === 0
      ? { userBusinessId, isUnique: true }
      : { userBusinessId, isUnique: false, existingRecords };
  }

  async validate({
    userBusinessId,
    educationData,
    liveSessionIds,
    sessionId,
  }: Validate): Promise<EducationValidationResult> {
    const now = this.clock();
    const { college, country, university } = educationData;
    const [collegeCountry, universityCountry, businessId] = await Promise.all([
      college ? this.collegeCountry(college, country) : Promise.resolve(null),
      this.universityCountry(university, country),
      this.userBusinessId(userBusinessId, liveSessionIds, sessionId),
    ]);
    const { min, max } = graduationYearRange(now);
    const year = educationData.graduationYear;
    const yearValid = year >= min && year <= max;
    const checks: EducationValidationResult['checks'] = {
      collegeCountry,
      universityCountry,
      userBusinessId: businessId,
      graduationYear: {
        isValid: yearValid,
        min,
        max,
        ...(yearValid ? {} : { reasons: [`${year} is not between ${min} and ${max}`] }),
      },
      degreeType: { isValid: DegreeType.safeParse(educationData.degreeType).success },
      accessModifier: { isValid: AccessModifier.safeParse(educationData.accessModifier).success },
    };
    const issues = findings(checks, educationData.graduationYear);
    const criticalFailures = issues.filter((issue) => issue.severity === 'critical');
    return {
      isValid: criticalFailures.length === 0,
      validationScore: validationScore(checks),
      criticalFailures,
      warnings: issues.filter((issue) => issue.severity !== 'critical'),
      checks,
      validatedAt: now.toISOString(),
    };
  }

  /**
   * The category rule, with the membership of the given account (which must carry the business
   * id) or, without one, of whichever account carries the business id.
   */
  async category({
    userBusinessId,
    graduationYear,
    accountId,
  }: Category): Promise<CategoryDetermination> {
    const account = accountId
      ? await this.rpc.call(accountRpc.get, { id: accountId })
      : (await this.rpc.call(accountRpc.findByBusinessId, { businessId: userBusinessId })).account;
    if (account && accountId && account.businessId !== userBusinessId) {
      throw accountWithoutBusinessId(accountId, userBusinessId);
    }
    const now = this.clock();
    const expiresAt = account?.membershipExpiresAt ? new Date(account.membershipExpiresAt) : null;
    const rule = determineCategory({ graduationYear, membershipExpiresAt: expiresAt, now });
    return {
      ...rule,
      graduationYear,
      accountId: account?.id ?? null,
      membershipExpiresAt: expiresAt?.toISOString() ?? null,
      determinedAt: now.toISOString(),
    };
  }
}

/** Each failed check as a critical failure, or a warning where the registration may go on. */
function findings(
  checks: EducationValidationResult['checks'],
  graduationYear: number,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const college = checks.collegeCountry;
  if (college && !college.isValid) {
    if (college.foundInCountries) {
      issues.push({
        code: 'COLLEGE_COUNTRY_MISMATCH',
        message: `${college.college} is in ${college.foundInCountries.join(', ')}, not in ${college.country}`,
        severity: 'critical',
        field: 'educationData.college',
        context: { foundInCountries: college.foundInCountries, country: college.country },
      });
    } else {
      issues.push({
        code: college.suggestions ? 'COLLEGE_NOT_EXACT' : 'COLLEGE_UNKNOWN',
        message: college.suggestions
          ? `${college.college} is not a known college in ${college.country}; did you mean ${college.suggestions.join(', ')}?`
          : `${college.college} is not a known college in ${college.country}`,
        severity: 'warning',
        field: 'educationData.college',
        context: { confidence: college.confidence, suggestions: college.suggestions ?? [] },
      });
    }
  }
  const university = checks.universityCountry;
  if (!university.isValid) {
    issues.push({
      code: 'UNIVERSITY_COUNTRY_MISMATCH',
      message: (university.reasons ?? []).join('; '),
      severity: 'critical',
      field: 'educationData.university',
      context: { university: university.university, country: university.country },
    });
  }
  const businessId = checks.userBusinessId;
  if (!businessId.isUnique) {
    issues.push({
      code: 'USER_BUSINESS_ID_TAKEN',
      message: `business id ${businessId.userBusinessId} already has an education record or a registration in progress`,
      severity: 'critical',
      field: 'userBusinessId',
      context: { existingRecords: businessId.existingRecords ?? [] },
    });
  }
  const year = checks.graduationYear;
  if (!year.isValid) {
    issues.push({
      code: 'GRADUATION_YEAR_OUT_OF_RANGE',
      message: `graduationYear ${graduationYear} is not between ${year.min} and ${year.max}`,
      severity: 'critical',
      field: 'educationData.graduationYear',
      context: { min: year.min, max: year.max },
    });
  }
  if (!checks.degreeType.isValid) {
    issues.push({
      code: 'DEGREE_TYPE_INVALID',
      message: 'degreeType is not one of the allowed values',
      severity: 'critical',
      field: 'educationData.degreeType',
    });
  }
  if (!checks.accessModifier.isValid) {
    issues.push({
      code: 'ACCESS_MODIFIER_INVALID',
      message: 'accessModifier is not one of the allowed values',
      severity: 'critical',
      field: 'educationData.accessModifier',
    });
  }
  return issues;
}
