/** Education registrations, records and reference data (see types.ts). */
import type { Privilege } from './accounts.js';
import type { ErrorEnvelope, Page } from './common.js';

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
  /** `priority` is kept on the registration and shown with it; it changes nothing else */
  options?: { expirationHours?: number; skipValidation?: boolean; priority?: RegistrationPriority };
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

/** Kept on the registration and shown with it; it changes nothing else. */
export type RegistrationPriority = 'normal' | 'high';

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
  /** `id` left out where an owner reads it: another record or session is not theirs to know */
  existingRecords?: { kind: 'record' | 'session'; id?: string; createdAt?: string }[];
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

/**
 * The category and what decided it: the account whose membership the rule used and the step
 * that decided it (linking decides it again with the linked account; the record gets that).
 */
export interface RegistrationCategory extends CategoryDetermination {
  decidedAtStep: 'category' | 'link-account';
}

/** What the last failed step left on a registration. */
export interface RegistrationLastError {
  step: RegistrationStep;
  code: string;
  message: string;
  at: string;
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
  options: { expirationHours: number; skipValidation: boolean; priority: RegistrationPriority };
  progress: {
    staged: boolean;
    validated: boolean;
    categoryDetermined: boolean;
    accountLinked: boolean;
    persisted: boolean;
    completed: boolean;
  };
  validation: EducationValidation | null;
  category: RegistrationCategory | null;
  linkedAccountId: string | null;
  createdEducationId: string | null;
  /** the last failed step's message (null once a step succeeds again) */
  errorMessage: string | null;
  lastError: RegistrationLastError | null;
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
export interface CategoryStepResult extends RegistrationCategory, RegistrationStepOf {}
export interface LinkAccountStepResult extends RegistrationStepOf {
  linked: boolean;
  linkedAccountId: string;
  /** the account had no business id and received the registration's */
  businessIdAssigned: boolean;
  /** decided again with the linked account's membership */
  category: RegistrationCategory;
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
  /** the caller's privilege at the time */
  byPrivilege: Privilege;
  action: string;
  from: EducationStatus | null;
  to: EducationStatus;
  outcome: 'succeeded' | 'failed' | 'refused';
  detail: Record<string, unknown> | null;
}

/** GET /education/registrations: newest first; an owner's holds the ones it started */
export interface RegistrationListQuery {
  status?: EducationStatus;
  userBusinessId?: string;
  page?: number;
  limit?: number;
}

/** A registration as the list shows it (from its audit trail, which outlives the session). */
export interface RegistrationListItem {
  sessionId: string;
  userBusinessId: string;
  /** the account that started it */
  ownerId: string;
  status: EducationStatus;
  /** the last thing tried on it, and how that went (a refusal leaves the status as it was) */
  lastAction: string;
  lastOutcome: 'succeeded' | 'failed' | 'refused';
  createdAt: string;
  lastUpdatedAt: string;
  /** when the session expires; null once it has (its trail and any record remain) */
  expiresAt: string | null;
}

/** GET /education/registrations/:id/audit: one page, oldest first */
export type RegistrationAudit = Page<RegistrationAuditEntry>;

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

/** GET /education/reference/countries: one page */
export interface CountryList extends Page<Country> {
  /** the reference data set the list comes from */
  version: string;
}

/** GET /education/reference/universities?country=: one page, by name */
export type UniversityList = Page<University>;

/** GET /education/reference/colleges?country=&search=: one page (best matches first with a search) */
export type CollegeList = Page<College>;
