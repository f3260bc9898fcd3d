import type { ErrorEnvelope } from '@medicalink/contracts';
import type { StoredTraceContext } from '@medicalink/observability';
import type { SagaFailure, SagaRecord, SagaState, TerminalSagaState } from './definition';

/** Who may write, and for how long the write extends its lease. */
export interface JournalFence {
  sagaId: string;
  owner: string;
  leaseMs: number;
}

/** What happens to one step row; attempts are incremented by the journal. */
export type StepChange =
  /** attempts + 1; `error` is the previous attempt's failure, if any */
  | { name: string; state: 'started'; error?: ErrorEnvelope | null }
  /** `result` is JSON data; merged into the saga's results under the step name */
  | { name: string; state: 'completed'; result: unknown; scrubInput?: readonly string[] }
  | { name: string; state: 'failed'; error: ErrorEnvelope }
  /** compensationAttempts + 1 */
  | { name: string; state: 'compensating'; error?: ErrorEnvelope | null }
  | { name: string; state: 'compensated' }
  | { name: string; state: 'compensation_failed'; error: ErrorEnvelope };

export type SagaChange =
  { state: 'compensating'; failure: SagaFailure } | { state: TerminalSagaState };

export interface JournalWrite {
  steps: readonly StepChange[];
  saga?: SagaChange;
  /** input keys removed from the journal by this write (a saga's sensitive input at its end) */
  scrubInput?: readonly string[];
  /** saga events reporting this write: stored with it (e.g. in the outbox), or not at all */
  events?: readonly SagaEventRecord[];
}

/** A validated saga event (libs/contracts saga.events) to publish once its write is stored. */
export interface SagaEventRecord {
  name: string;
  payload: unknown;
  correlationId: string;
  causationId: string | null;
}

export interface NewSaga {
  id: string;
  type: string;
  version: number;
  businessKey: string;
  input: unknown;
  /** `started` steps are journaled as started (attempt 1) by the same write */
  steps: ReadonlyArray<{ name: string; position: number; started: boolean }>;
  owner: string;
  leaseMs: number;
  /** stored with the saga, as JournalWrite.events */
  events?: readonly SagaEventRecord[];
  /** the W3C trace context of the span that started the saga (SagaRecord.trace) */
  trace?: StoredTraceContext | null;
}

/**
 * The saga engine's persistence port. Every method that changes state is one atomic write.
 * `write` is fenced: it applies only while the saga is live (running or compensating) and
 * leased to `fence.owner`, and resolves false (changing nothing) otherwise. A write renews
 * the lease, or clears it when the saga reaches an end state.
 */
export interface SagaJournal extends SagaOperationsJournal {
  /**
   * Inserts the saga (running, leased to `owner`) and all its step rows; SagaConflictError if
   * a live saga of the type has the business key, SagaExistsError if the id is taken.
   */
  create(saga: NewSaga): Promise<void>;
  write(fence: JournalFence, write: JournalWrite): Promise<boolean>;
  /** Extends the leases still held by `owner` among `sagaIds`; resolves with those ids. */
  renewLeases(owner: string, sagaIds: readonly string[], leaseMs: number): Promise<string[]>;
  /** Takes over up to `limit` live, unflagged sagas whose lease expired (oldest update first); one claimer per saga. */
  claimExpired(owner: string, leaseMs: number, limit: number): Promise<SagaRecord[]>;
  /** Marks a saga `owner` holds as not resumable; recovery skips it from then on. */
  flag(sagaId: string, owner: string, reason: string): Promise<boolean>;
  get(sagaId: string): Promise<SagaRecord | null>;
}

/** Compensation handed back to the journal to wait out an outage (see SagaJournal.defer). */
export interface CompensationDeferral {
  /** the steps whose compensation is waiting, each with its last failure */
  steps: ReadonlyArray<{ name: string; error: ErrorEnvelope }>;
  /** recovery resumes the saga this long from now */
  delayMs: number;
  /** when the outage was first met; kept if the journal already has an earlier one */
  since: Date;
}

export interface SagaListQuery {
  state?: SagaState;
  type?: string;
  /** created at or after */
  from?: Date;
  /** created before */
  to?: Date;
  offset: number;
  limit: number;
}

export type OperatorRetryResult = 'retried' | 'not_found' | 'not_failed' | 'conflict';

/**
 * What the saga operations (deferral, listing, operator retry) add to SagaJournal; kept apart
 * so a journal without them still drives sagas.
 */
export interface SagaOperationsJournal {
  /**
   * Fenced like write(): keeps the saga `compensating`, lets its lease run out after `delayMs`
   * (so whichever instance's recovery finds it then resumes it, across restarts), counts one
   * more deferral and records each step's last failure.
   */
  defer(fence: JournalFence, deferral: CompensationDeferral): Promise<boolean>;
  /** Newest first; `steps` of the listed records may be left empty. */
  list(query: SagaListQuery): Promise<{ sagas: SagaRecord[]; total: number }>;
  /**
   * A `compensation_failed` saga goes back to `compensating` with an expired lease and a fresh
   * compensation budget, and `{ by, at: now }` is appended to its operator retries; recovery
   * then resumes its compensation. `conflict`: a live saga of its type holds its business key.
   * `events` are stored with the retry (as JournalWrite.events), and only if it happened.
   */
  retryCompensation(
    sagaId: string,
    by: string,
    events?: readonly SagaEventRecord[],
  ): Promise<OperatorRetryResult>;
}
