import type { HttpResult, RequestSpec } from './http.js';
import type { LiveFeed } from './live-feed.js';
import type { Failure } from './operation-result.js';

/** What an operation body resolves to; the runner adds the duration. */
export type StepResult<T> =
  { success: true; data: T; details?: Record<string, unknown>; status?: number } | Failure;

/** What the client hands to each operation's body. */
export interface OperationContext {
  readonly operationId: string;
  readonly operation: string;
  readonly signal: AbortSignal;
  /** epoch ms at which the operation times out */
  readonly deadline: number;
  readonly pollInterval: number;
  /** one logical request (retried where safe, token renewed once) */
  request<T>(spec: RequestSpec): Promise<HttpResult<T>>;
  /** emits `operation_progress` */
  progress(step: string, percentage?: number, data?: Record<string, unknown>): void;
  /** waits, or returns the abort failure if the operation ends meanwhile */
  wait(ms: number): Promise<Failure | undefined>;
  /** GET /events for these type prefixes while the operation runs (closed when it ends) */
  liveFeed(types: readonly string[]): LiveFeed;
  /** a fresh idempotency key for one logical command of this operation */
  idempotencyKey(): string;
}

/** A workflow step's failure: which step, with that step's own result, in `details`. */
export function stepFailure(
  step: string,
  cause: Failure,
  extra: Record<string, unknown> = {},
): Failure {
  return {
    ...cause,
    error: `${step} failed: ${cause.error}`,
    details: { ...cause.details, ...extra, failedStep: step },
    serviceErrors: { ...cause.serviceErrors, [step]: cause.error },
  };
}
