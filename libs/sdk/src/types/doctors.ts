/** Doctors and the doctor-creation saga (see types.ts). */
import type { Permission } from './accounts.js';
import type { CachedPage, CacheMetadata, ErrorEnvelope } from './common.js';

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

/** GET /doctors/:id */
export interface DoctorRead {
  data: Doctor;
  cache: CacheMetadata;
}

/** GET /doctors: a page of doctors (or those `ids` asked for) */
export type DoctorsPage = CachedPage<Doctor>;

/** PATCH /doctors/:id */
export interface UpdatedDoctor {
  data: Doctor;
}

export type SagaState =
  'running' | 'completed' | 'compensating' | 'compensated' | 'compensation_failed';

export interface SagaStep {
  name: string;
  state: string;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  error?: ErrorEnvelope;
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

/** A saga as GET /sagas lists it: how its compensation is being waited out or retried. */
export interface SagaListItem extends Saga {
  /** when recovery tries a compensation waiting out an outage next */
  nextAttemptAt: string | null;
  /** how many times that compensation was put off */
  deferrals: number;
  /** operators who resumed its compensation, oldest first */
  operatorRetries: { by: string; at: string }[];
}

/** POST /sagas/:id/retry (202): the compensation resumes in the background. */
export interface RetrySagaResult {
  sagaId: string;
  state: 'compensating';
  retriedBy: string;
  retriedAt: string;
}
