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
}

export interface Account {
  id: string;
  email: string;
  fullName: string;
  dob: string | null;
  phone: string | null;
  privilege: Privilege;
  organizationId: string | null;
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
}

export interface UpdateAccountInput {
  fullName?: string;
  dob?: string | null;
  phone?: string | null;
  membershipExpiresAt?: string | null;
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

// Products (seed 001): the product and target fields are the product service's to validate;
// the SDK passes them through and types the workflow around them.

/** An audience target: one array of integer codes per criterion; an omitted one admits all. */
export interface AudienceTarget {
  province?: number[];
  registrationClass?: number[];
  practiceArea?: number[];
  yearsInPractice?: number[];
  employmentStatus?: number[];
  employmentSector?: number[];
  [criterion: string]: unknown;
}

/** Product data as the product service accepts it (`code` is 3..40 of A-Z 0-9 -). */
export interface ProductInput {
  code: string;
  [field: string]: unknown;
}

export type ProductSessionState =
  'initiated' | 'product-added' | 'target-configured' | 'committed' | 'failed' | (string & {});

export interface ProductSession {
  sessionId: string;
  state: ProductSessionState;
  userId?: string;
  organizationGuid?: string | null;
  createdAt?: string;
  expiresAt: string;
  [field: string]: unknown;
}

export interface ProductSessionProgress {
  sessionId: string;
  state: ProductSessionState;
  percentage: number;
  canCommit: boolean;
  hasProduct: boolean;
  hasTarget: boolean;
  expiresAt: string;
  [field: string]: unknown;
}

export interface ProductCommitResult {
  success: boolean;
  productGuid?: string;
  targetGuid?: string;
  productCode?: string;
  operationId?: string;
  errors?: unknown;
  [field: string]: unknown;
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

export interface EducationRegistrationInput {
  userBusinessId: string;
  educationData: EducationData;
  options?: { expirationHours?: number; skipValidation?: boolean };
  /** the account to link the record to (the link-account step) */
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
  | 'creation_failed'
  | (string & {});

export interface EducationSession {
  sessionId: string;
  status: EducationStatus;
  [field: string]: unknown;
}

// Schedules (seed 002)

export type ImportStatus = 'idle' | 'in_progress' | 'completed' | 'failed' | (string & {});

export interface ImportMessage {
  message: string;
  sheet?: string;
  row?: number;
  column?: string;
  [field: string]: unknown;
}

export interface ScheduleImport {
  importId: string;
  status: ImportStatus;
  phases?: unknown;
  validation?: { errors: ImportMessage[]; warnings: ImportMessage[]; infos: ImportMessage[] };
  scheduleVersionId?: string | null;
  durationMs?: number | null;
  [field: string]: unknown;
}

export interface ImportScheduleInput {
  /** the spreadsheet (.ods, .xlsx or .csv) */
  file: Blob;
  fileName: string;
  hospitalId: string;
  rosterSourceUrl?: string;
}
