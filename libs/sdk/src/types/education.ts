/** Education registrations, records and reference data (see types.ts). */
import type { ErrorEnvelope } from './common.js';

export interface EducationData {
  graduationYear: number;
  university: string;
  country: string;
  degreeType: 'diploma' | 'bachelors' | 'masters' | 'doctorate' | 'other';
  college?: string;
  accessModifier?: 'public' | 'private' | 'protected';
}

/** The staging body (POST /education/registrations). */
export interface StageRegistrationInput {
  userBusinessId: string;
  educationData: EducationData;
  options?: { expirationHours?: number; skipValidation?: boolean };
}

/** registerEducation's input: the staging body plus the account to link (the link-account step). */
export interface EducationRegistrationInput extends StageRegistrationInput {
  accountId: string;
}

export type EducationStatus =
  | 'pending'
  | 'staged'
  | 'validated'
  | 'category_determined'
  | 'account_linked'
  | 'education_created'
  | 'workflow_completed'
  | 'creation_failed';

export type DegreeType = EducationData['degreeType'];
export type AccessModifier = NonNullable<EducationData['accessModifier']>;
export type EducationCategory = 'student' | 'new_graduated' | 'graduated';

/** One finding of a validation. */
export interface ValidationIssue {
  code: string;
  message: string;
  severity: 'warning' | 'error' | 'critical';
  field?: string;
  context?: Record<string, unknown>;
}

export interface CollegeCountryCheck {
  college: string;
  country: string;
  isValid: boolean;
  /** 100 for an exact (case- and accent-insensitive) match; else the best similarity */
  confidence: number;
  suggestions?: string[];
  /** where a college of that exact name exists when it is not in the given country */
  foundInCountries?: string[];
}

export interface UniversityCountryCheck {
  university: string;
  country: string;
  isValid: boolean;
  reasons?: string[];
}

export interface BusinessIdCheck {
  userBusinessId: string;
  isUnique: boolean;
  existingRecords?: { kind: 'record' | 'session'; id: string; createdAt?: string }[];
}

export interface SimpleCheck {
  isValid: boolean;
  reasons?: string[];
}

export interface GraduationYearCheck extends SimpleCheck {
  /** the plausible years */
  min: number;
  max: number;
}

/** Every check of a registration's education data, and their weighted score. */
export interface EducationValidation {
  isValid: boolean;
  /** 0..100 */
  validationScore: number;
  criticalFailures: ValidationIssue[];
  warnings: ValidationIssue[];
  checks: {
    collegeCountry: CollegeCountryCheck | null;
    universityCountry: UniversityCountryCheck;
    userBusinessId: BusinessIdCheck;
    graduationYear: GraduationYearCheck;
    degreeType: SimpleCheck;
    accessModifier: SimpleCheck;
  };
  validatedAt: string;
}

/** The category a registration was given, and what decided it. */
export interface CategoryDetermination {
  category: EducationCategory;
  /** the current year the rule used */
  year: number;
  graduationYear: number;
  accountId: string | null;
  membershipExpiresAt: string | null;
  membershipActive: boolean;
  reason: string;
  determinedAt: string;
}

/** The education data as a registration holds it (the access modifier given or defaulted). */
export interface StoredEducationData extends Omit<EducationData, 'accessModifier'> {
  accessModifier: AccessModifier;
}

/** A registration as GET /education/registrations/:id shows it. */
export interface EducationSession {
  sessionId: string;
  userBusinessId: string;
  status: EducationStatus;
  createdAt: string;
  lastUpdatedAt: string;
  expiresAt: string;
  educationData: StoredEducationData;
  options: { expirationHours: number; skipValidation: boolean };
  progress: {
    staged: boolean;
    validated: boolean;
    categoryDetermined: boolean;
    accountLinked: boolean;
    persisted: boolean;
    completed: boolean;
  };
  validation: EducationValidation | null;
  category: CategoryDetermination | null;
  linkedAccountId: string | null;
  createdEducationId: string | null;
  errorMessage: string | null;
}

/** POST /education/registrations (201) */
export interface StagedRegistration {
  sessionId: string;
  status: EducationStatus;
  createdAt: string;
  expiresAt: string;
  success: boolean;
  message: string;
}

export interface EducationRecord {
  id: string;
  sessionId: string;
  userBusinessId: string;
  accountId: string;
  graduationYear: number;
  university: string;
  country: string;
  degreeType: DegreeType;
  college: string | null;
  accessModifier: AccessModifier;
  category: EducationCategory;
  createdAt: string;
}

/** Where a registration stands after a step. */
export interface RegistrationStepOf {
  sessionId: string;
  status: EducationStatus;
}

export interface ValidateStepResult extends EducationValidation, RegistrationStepOf {}
export interface CategoryStepResult extends CategoryDetermination, RegistrationStepOf {}
export interface LinkAccountStepResult extends RegistrationStepOf {
  linked: boolean;
  linkedAccountId: string;
  /** the account had no business id and received the registration's */
  businessIdAssigned: boolean;
}
export interface CreateRecordStepResult extends RegistrationStepOf {
  created: boolean;
  createdEducationId: string;
  record: EducationRecord;
}
export interface CompleteStepResult extends RegistrationStepOf {
  completedAt: string;
  createdEducationId: string;
}

/** The reply of each step a registration goes through after staging, by step. */
export interface EducationStepResults {
  validate: ValidateStepResult;
  category: CategoryStepResult;
  'link-account': LinkAccountStepResult;
  create: CreateRecordStepResult;
  complete: CompleteStepResult;
}
export type EducationStepName = keyof EducationStepResults;
export type RegistrationStep = 'stage' | EducationStepName;

/** POST /education/registrations/run: the whole workflow, or where it stopped. */
export interface RunRegistrationResult {
  completed: boolean;
  session: EducationSession;
  /** the step the run stopped at, null when every step succeeded */
  failedStep: RegistrationStep | null;
  /** that step's result: a failed validation, or the error the step ended with */
  stepResult: EducationValidation | ErrorEnvelope | null;
  steps: { step: RegistrationStep; ok: boolean }[];
}

export interface RegistrationAuditEntry {
  at: string;
  /** the caller's account id */
  by: string;
  action: string;
  from: EducationStatus | null;
  to: EducationStatus;
  outcome: 'succeeded' | 'failed' | 'refused';
  detail: Record<string, unknown> | null;
}

/** GET /education/registrations/:id/audit: oldest first */
export interface RegistrationAudit {
  data: RegistrationAuditEntry[];
}

export interface Country {
  code: string;
  name: string;
}

export interface University {
  id: string;
  name: string;
  country: string;
}

export interface College {
  id: string;
  name: string;
  country: string;
  universityId?: string;
}

/** GET /education/reference/countries */
export interface CountryList {
  data: Country[];
  /** the reference data's version */
  version: string;
}

/** GET /education/reference/universities?country= */
export interface UniversityList {
  data: University[];
}

/** GET /education/reference/colleges?country=&search= */
export interface CollegeList {
  data: College[];
}
