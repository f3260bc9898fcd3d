import type { ErrorEnvelope } from '@medicalink/contracts';
import type { StoredTraceContext } from '@medicalink/observability';

export interface StepRetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface StepContext<I> {
  sagaId: string;
  input: I;
  /** results of the steps completed so far, by step name (as read back from JSON) */
  results: Record<string, unknown>;
  /** `${sagaId}:${stepName}`: the same for every attempt and for the compensation */
  idempotencyKey: string;
  timeoutMs: number;
  /** 1-based; counts the attempts journaled for this step (or its compensation) across instances */
  attempt: number;
}

export interface SagaStep<I> {
  name: string;
  /** its result is stored in results[name] as JSON */
  invoke(ctx: StepContext<I>): Promise<unknown>;
  /** must be idempotent: it may run more than once, and for a step whose invoke never ran */
  compensate?(ctx: StepContext<I>): Promise<void>;
  /**
   * Forward retries for retryable errors; default 3 attempts, 100 ms .. 2 s. `maxAttempts`
   * bounds every attempt started, in all drives: each is journaled before it is sent, and one
   * cut short (the process stopped, or the participant never answered) counts, so a step whose
   * request ends the participant (or the orchestrator) fails once they are used up
   * (SAGA_STEP_ATTEMPTS_EXHAUSTED) instead of being sent again after each restart. Forward
   * steps stay bounded (a caller waits for the outcome): a step whose participant stays
   * unreachable fails, and the saga compensates every step that may have run, waiting out the
   * outage for the compensation budget. A drive cut short (process killed, journal
   * unreachable) is finished by recovery once its lease expires, so no path leaves a half-done
   * saga unattended.
   */
  retry?: Partial<StepRetryPolicy>;
  /** per attempt (and per compensation attempt); default 5000 */
  timeoutMs?: number;
  /** input keys removed from the journal (and from ctx.input) once this step completed */
  scrubInputAfter?: string[];
  /**
   * Default true: the step's failure fails the saga, which compensates. false: its failure
   * (after its retries) is journaled, the step stays `failed` with its error, and the saga goes
   * on with the next steps; nothing already committed is compensated for it.
   */
  critical?: boolean;
}

export interface SagaDefinition<I> {
  type: string;
  version: number;
  /** an inner array is a parallel group */
  steps: ReadonlyArray<SagaStep<I> | ReadonlyArray<SagaStep<I>>>;
  /** unique among live (running or compensating) sagas of this type */
  businessKey(input: I): string;
  /**
   * Attempts of a compensation within one drive; default 5 attempts, 100 ms .. 2 s. A
   * compensation still failing for an outage after them is handed back to the journal and
   * resumed later (see SagaEngineOptions.compensationBudgetMs); other failures end it.
   */
  compensationRetry?: Partial<StepRetryPolicy>;
  /**
   * Input keys (e.g. a password) the journal holds only sealed (SagaEngineOptions.inputCipher,
   * AES-256-GCM) and removes when the saga ends, whichever end state it reaches.
   */
  sensitiveInput?: readonly string[];
}

export type SagaState =
  'running' | 'completed' | 'compensating' | 'compensated' | 'compensation_failed';
export type TerminalSagaState = Exclude<SagaState, 'running' | 'compensating'>;
export type LiveSagaState = Extract<SagaState, 'running' | 'compensating'>;

export type SagaStepState =
  | 'pending'
  | 'started'
  | 'completed'
  | 'failed'
  | 'compensating'
  | 'compensated'
  | 'compensation_failed';

export interface SagaFailure {
  step: string;
  error: ErrorEnvelope;
}

export interface SagaStepRecord {
  name: string;
  state: SagaStepState;
  attempts: number;
  compensationAttempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** the last failure of the step or of its compensation */
  error: ErrorEnvelope | null;
  /** what the step returned (JSON), kept on its own row; null until it completed */
  result: unknown;
}

export interface SagaRecord {
  id: string;
  type: string;
  version: number;
  state: SagaState;
  businessKey: string;
  input: unknown;
  results: Record<string, unknown>;
  failure: SagaFailure | null;
  /** why recovery refused to resume it (e.g. unknown definition version); such a saga is left alone */
  flagged: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** ordered by position */
  steps: SagaStepRecord[];
  /** set while compensation waits out an outage: when recovery tries it next */
  nextAttemptAt?: string | null;
  /** how many times compensation was handed back to the journal since it began (or was retried) */
  deferrals?: number;
  /** when compensation first waited out an outage; the compensation budget counts from here */
  deferredSince?: string | null;
  /** operators who resumed the compensation of this saga (POST /sagas/:id/retry), oldest first */
  operatorRetries?: OperatorRetry[];
  /** the W3C trace context the saga was started in: a resumed drive continues that trace */
  trace?: StoredTraceContext | null;
}

export interface OperatorRetry {
  /** the operator's account id */
  by: string;
  at: string;
}

export interface SagaOutcome {
  sagaId: string;
  state: TerminalSagaState;
  results: Record<string, unknown>;
  failure: SagaFailure | null;
}

export function isLive(state: SagaState): state is LiveSagaState {
  return state === 'running' || state === 'compensating';
}
