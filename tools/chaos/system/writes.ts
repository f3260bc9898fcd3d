import type { Reply } from '../saga-check';

/** A doctor the load asked for (POST /doctors) and what it was told. */
export interface DoctorWrite {
  email: string;
  /** undefined: no reply (connection refused, reset or timed out) */
  reply?: Reply;
  /** the ids of a 201 */
  created?: { sagaId: string; accountId: string; doctorId: string };
}

/**
 * A product session the load created, staged and committed. A commit whose answer was lost (no
 * response, a 5xx) is committed again once the faults are over, as a client would (the commit
 * is idempotent); `final` is then what the session says.
 */
export interface ProductWrite {
  sessionId: string;
  code: string;
  /** the product of a successful commit reply (the first one, if a retry answered too) */
  committedGuid?: string;
  /**
   * the session's progress once settled; state `gone` when it answered 404 (no draft and no
   * commit's record: see checkProducts); undefined when it could not be read
   */
  final?: { state: string; productGuid: string | null };
}

/** An education registration run (the whole workflow, under an Idempotency-Key). */
export interface RegistrationWrite {
  idempotencyKey: string;
  userBusinessId: string;
  accountId: string;
  /** the record a `completed` run reply named */
  completedRecordId?: string;
  /** the registration as GET shows it once settled (re-run under the same key until it completes) */
  final?: { sessionId: string; status: string; createdEducationId: string | null };
  /** the status of a definite refusal (a 4xx before any session was staged) */
  refused?: number;
}

/** A schedule import the load uploaded (under an Idempotency-Key). */
export interface ImportWrite {
  idempotencyKey: string;
  /** from the 202 (or the retry's) */
  importId?: string;
  /** the import as GET shows it once its saga ended */
  final?: { status: string; scheduleVersionId: string | null };
  /** the status of a definite refusal (a 4xx: nothing accepted) */
  refused?: number;
}

export interface Writes {
  doctors: DoctorWrite[];
  products: ProductWrite[];
  registrations: RegistrationWrite[];
  imports: ImportWrite[];
}
