/**
 * The gateway's HTTP shapes (API.md), written out as plain types so the published package
 * needs neither zod nor the private contracts library. contract-types.spec.ts checks each one
 * against the zod contracts the gateway validates with, so they cannot drift apart.
 */

export type Privilege = 'owner' | 'admin' | 'main';

export interface LoginResponse {
  accessToken: string;
  tokenType: 'Bearer';
  /** seconds until the token expires */
  expiresIn: number;
  /** when asked for with `refresh: "token"` (login) or renewing one from the body (refresh) */
  refreshToken?: string;
  /** ISO timestamp: the sign-in ends then, however often it is renewed */
  refreshTokenExpiresAt?: string;
}

export interface Account {
  id: string;
  email: string;
  fullName: string;
  dob: string | null;
  phone: string | null;
  privilege: Privilege;
  organizationId: string | null;
  /** the account's business id (education registrations use it), when it has one */
  businessId?: string | null;
  membershipExpiresAt: string | null;
  isActive: boolean;
  permissions: string[];
  createdAt: string;
  updatedAt: string;
}

export interface CreateAccountInput {
  email: string;
  password: string;
  fullName: string;
  dob?: string;
  phone?: string;
  privilege?: Privilege;
  /** admin and main only */
  businessId?: string;
  membershipExpiresAt?: string;
}

export interface UpdateAccountInput {
  fullName?: string;
  dob?: string | null;
  phone?: string | null;
  membershipExpiresAt?: string | null;
  /** admin and main only; ends the account's tokens */
  isActive?: boolean;
  /** admin and main only, never above their own; ends the account's tokens */
  privilege?: Privilege;
  /** admin and main only */
  businessId?: string | null;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/** The permissions a doctor account may be given (the accounts service's catalog). */
export type Permission =
  | 'doctor:read'
  | 'doctor:write'
  | 'schedule:read'
  | 'schedule:write'
  | 'product:write'
  | 'education:write'
  | 'account:read'
  | 'account:write';

export interface CreateDoctorInput {
  email: string;
  password: string;
  fullName: string;
  dob?: string;
  phone?: string;
  specialty: string;
  licenseNumber: string;
  bio?: string;
  hospitalIds?: string[];
  permissions?: Permission[];
}

export interface CreateDoctorResponse {
  sagaId: string;
  accountId: string;
  doctorId: string;
}

/** A doctor as readers see it: the directory profile joined with its account. */
export interface Doctor {
  id: string;
  accountId: string;
  fullName: string;
  email: string | null;
  dob: string | null;
  phone: string | null;
  specialty: string;
  licenseNumber: string;
  bio: string | null;
  hospitalIds: string[];
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UpdateDoctorInput {
  specialty?: string;
  bio?: string | null;
  hospitalIds?: string[];
  isActive?: boolean;
}

export interface SearchDoctorsQuery {
  search?: string;
  specialty?: string;
  /** default `active`; admin and main may ask for `inactive` or `all` */
  status?: 'active' | 'inactive' | 'all';
  page?: number;
  limit?: number;
}

export interface CacheMetadata {
  hit: boolean;
  ttl: number;
  degraded?: boolean;
}

export interface PaginationMetadata {
  page: number;
  limit: number;
  total: number;
  totalPages: number;
  hasNext: boolean;
  hasPrev: boolean;
}

export interface Page<T> {
  data: T[];
  meta: PaginationMetadata;
}

/** Which page of a list: `page` from 1 (default 1), `limit` 1..100 (default 20). */
export type PageQuery = { page?: number; limit?: number };

export type CachedPage<T> = Page<T> & { cache: CacheMetadata };

export type SagaState =
  'running' | 'completed' | 'compensating' | 'compensated' | 'compensation_failed';

export interface SagaStep {
  name: string;
  state: string;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  error?: {
    code: string;
    message: string;
    status: number;
    details?: Record<string, unknown>;
    context?: Record<string, unknown>;
    retryable: boolean;
  };
}

export interface Saga {
  id: string;
  type: string;
  state: SagaState;
  steps: SagaStep[];
  createdAt: string;
  updatedAt: string;
}

export interface SagaListQuery {
  state?: SagaState;
  type?: string;
  from?: string;
  to?: string;
  page?: number;
  limit?: number;
}

export type OverallHealth = 'healthy' | 'degraded' | 'unhealthy';
export type ServiceStatus = 'up' | 'down' | 'degraded';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs?: number;
  error?: string;
}

/** GET /health */
export interface GatewayHealth {
  overall: OverallHealth;
  services: Record<string, { status: ServiceStatus; latencyMs: number; error?: string }>;
  infrastructure: { rabbitmq: DependencyStatus; redis: DependencyStatus };
}

/** The body of every gateway error (API.md, "Conventions"). */
export interface GatewayErrorBody {
  statusCode: number;
  message: string;
  errors?: string[];
  details?: Record<string, unknown>;
  operationId?: string;
}

// Products (seed 001)

/** A product as submitted (seed 001's fields). Amounts are JSON numbers or decimal strings. */
export interface ProductInput {
  /** 3..40 characters of A-Z, 0-9 and - (stored upper case), unique */
  productCode: string;
  productName: string;
  productDescription?: string | null;
  productCategory: number;
  productStatus: number;
  productGlCode: number;
  /** 0..999999.99 */
  generalPrice: string | number;
  otStuPrice?: string | number | null;
  inventory?: number | null;
  taxes?: string | number;
  shipping?: string | number;
  /** a 4-digit year, like "2026" */
  productYear: string;
  activeMembershipOnly?: boolean;
  postPurchaseInfo?: string | null;
}

/** Who may see a product: per criterion the choice values admitted; omitted or null admits all. */
export interface AudienceTarget {
  osot_location_province?: number[] | null;
  osot_registration_class?: number[] | null;
  osot_practice_area?: number[] | null;
  osot_years_in_practice?: number[] | null;
  osot_employment_status?: number[] | null;
  osot_employment_sector?: number[] | null;
}

export interface StoredTarget {
  osot_location_province: number[] | null;
  osot_registration_class: number[] | null;
  osot_practice_area: number[] | null;
  osot_years_in_practice: number[] | null;
  osot_employment_status: number[] | null;
  osot_employment_sector: number[] | null;
}

/** A product as the gateway returns it (amounts as JSON numbers). */
export interface StagedProduct {
  productCode: string;
  productName: string;
  productDescription: string | null;
  productCategory: number;
  productStatus: number;
  productGlCode: number;
  generalPrice: number;
  otStuPrice: number | null;
  inventory: number | null;
  taxes: number;
  shipping: number;
  productYear: string;
  activeMembershipOnly: boolean;
  postPurchaseInfo: string | null;
}

export interface ProductTarget extends StoredTarget {
  id: string;
  updatedAt: string;
}

export interface Product extends StagedProduct {
  id: string;
  createdAt: string;
  updatedAt: string;
  target: ProductTarget;
}

export interface ListProductsQuery {
  page?: number;
  limit?: number;
  category?: number;
  status?: number;
  year?: string;
  search?: string;
  province?: number;
  registrationClass?: number;
  practiceArea?: number;
  yearsInPractice?: number;
  employmentStatus?: number;
  employmentSector?: number;
}

/** One choice of an option set: the integer stored, the label people read. */
export interface ProductOption {
  value: number;
  label: string;
}

/** GET /private/products/options: every choice field's option set, each in display order. */
export interface ProductOptions {
  category: ProductOption[];
  status: ProductOption[];
  glCode: ProductOption[];
  osot_location_province: ProductOption[];
  osot_registration_class: ProductOption[];
  osot_practice_area: ProductOption[];
  osot_years_in_practice: ProductOption[];
  osot_employment_status: ProductOption[];
  osot_employment_sector: ProductOption[];
}

export type ProductSessionState =
  'initiated' | 'product-added' | 'target-configured' | 'committed' | 'failed';

/** POST .../session/create */
export interface ProductSessionCreated {
  sessionId: string;
  state: 'initiated';
  userId: string;
  organizationGuid: string | null;
  createdAt: string;
  expiresAt: string;
}

/** The reply of a session step: the session as it now stands. */
export interface ProductSession {
  sessionId: string;
  state: ProductSessionState;
  product: StagedProduct | null;
  audienceTarget: StoredTarget | null;
  version: number;
  updatedAt: string;
  expiresAt: string;
}

export interface ProductSessionProgress {
  sessionId: string;
  state: ProductSessionState;
  percentage: 25 | 50 | 75 | 100;
  canCommit: boolean;
  hasProduct: boolean;
  hasTarget: boolean;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  secondsRemaining: number;
  version: number;
  productGuid: string | null;
  lastError: { statusCode: number; message: string; errors: string[] } | null;
}

/** A committed session (a commit that failed is an error reply with its own status). */
export interface ProductCommitResult {
  success: true;
  productGuid: string;
  targetGuid: string;
  productCode: string;
  operationId: string;
}

// Education (seed 000)

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
  options?: { expirationHours?: number; skipValidation?: boolean; priority?: 'normal' | 'high' };
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

/** A registration as GET /education/registrations/:id shows it (the education service's view). */
export interface EducationSession {
  sessionId: string;
  status: EducationStatus;
  [field: string]: unknown;
}

// Schedules (seed 002)

export type ImportStatus = 'idle' | 'in_progress' | 'completed' | 'failed';

/** A finding about the spreadsheet; `sheet`, `row` (as a spreadsheet shows it) and `column` locate it. */
export interface ImportMessage {
  code: string;
  message: string;
  sheet?: string;
  row?: number;
  column?: string;
}

export interface ImportPhaseMessage extends ImportMessage {
  level: 'error' | 'warning' | 'info';
}

export interface ImportValidation {
  errors: ImportMessage[];
  warnings: ImportMessage[];
  infos: ImportMessage[];
}

export interface ScheduleImportPhase {
  name: 'spreadsheet' | 'roster' | 'coverage';
  critical: boolean;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  messages: ImportPhaseMessage[];
  startedAt: string | null;
  finishedAt: string | null;
}

/** GET /schedules/imports/:id */
export interface ScheduleImport {
  id: string;
  hospitalId: string;
  fileName: string;
  fileType: 'ods' | 'xlsx' | 'csv';
  /** without credentials or query; admin and main only (null for others) */
  rosterSourceUrl: string | null;
  /** the account that started the import; admin and main only (null for others) */
  startedBy: string | null;
  status: ImportStatus;
  phases: ScheduleImportPhase[];
  validation: ImportValidation;
  result: {
    scheduleVersionId: string | null;
    shiftCount: number | null;
    assignmentCount: number | null;
    coverageGapCount: number | null;
  };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface Hospital {
  id: string;
  name: string;
  city: string | null;
  /** where its staff roster is fetched from by default */
  rosterSourceUrl: string | null;
  createdAt: string;
}

export interface CreateHospitalInput {
  name: string;
  city?: string;
  rosterSourceUrl?: string;
}

export interface ImportScheduleInput {
  /** the spreadsheet (.ods, .xlsx or .csv) */
  file: Blob;
  fileName: string;
  hospitalId: string;
  rosterSourceUrl?: string;
}
