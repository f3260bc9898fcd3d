import { AbortReason, randomId, type ResolvedConfig } from './config.js';
import type { ClientEvent, EventHub } from './events.js';
import { abortFailure, reasonOf, type HttpResult, type HttpTransport } from './http.js';
import { openLiveFeed, type LiveFeed, type OpenStream } from './live-feed.js';
import type { MetricsCollector } from './metrics.js';
import { failure, type OperationResult } from './operation-result.js';
import type { OperationContext, StepResult } from './operation-context.js';

export interface OperationOptions {
  /** aborts the operation (it resolves with `code: 'ABORTED'`) */
  signal?: AbortSignal;
  /** overrides the client's `timeout` for this operation, in ms */
  timeout?: number;
}

/**
 * Runs the client's operations: each gets its own AbortController (timeout, dispose, the
 * caller's signal), start/complete/error events, metrics and logs, and a result stamped with
 * its duration; a body that throws still resolves, as an INVALID_RESPONSE failure.
 */
export class OperationRunner {
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly config: ResolvedConfig,
    private readonly transport: HttpTransport,
    private readonly events: EventHub,
    private readonly metrics: MetricsCollector,
    /** GET /events, for operations that follow their progress live (none: they poll) */
    private readonly openStream?: OpenStream,
  ) {}

  async run<T>(
    operation: string,
    body: (ctx: OperationContext) => Promise<StepResult<T> | HttpResult<T>>,
    options: OperationOptions = {},
  ): Promise<OperationResult<T>> {
    const started = Date.now();
    const operationId = randomId();
    const timeout = options.timeout ?? this.config.timeout;
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(new AbortReason('TIMEOUT', `${operation} timed out after ${timeout} ms`)),
      timeout,
    );
    const onCallerAbort = () =>
      controller.abort(new AbortReason('ABORTED', `${operation} was aborted`));
    if (options.signal?.aborted) onCallerAbort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    this.inFlight.add(controller);
    this.events.emit({ type: 'operation_start', operationId, operation, timestamp: started });
    this.config.logger?.debug('medicalink: operation started', { operationId, operation });

    let outcome: StepResult<T> | HttpResult<T>;
    const feeds: LiveFeed[] = [];
    try {
      outcome = await body(
        this.context(operation, operationId, started + timeout, controller, feeds),
      );
    } catch (error) {
      // A bug or an unexpected reply shape: still a result, never a rejection.
      outcome = failure(
        'INVALID_RESPONSE',
        `${operation} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      clearTimeout(timer);
      for (const feed of feeds) feed.close();
      options.signal?.removeEventListener('abort', onCallerAbort);
      this.inFlight.delete(controller);
    }
    if (outcome.success && controller.signal.aborted)
      outcome = abortFailure(reasonOf(controller.signal));
    const duration = Date.now() - started;
    const result = toOperationResult(outcome, duration);
    this.finished(operation, operationId, result, duration);
    return result;
  }

  /** Aborts every operation in flight (dispose): each resolves with the reason's failure. */
  abortAll(reason: AbortReason): void {
    for (const controller of this.inFlight) controller.abort(reason);
    this.inFlight.clear();
  }

  private context(
    operation: string,
    operationId: string,
    deadline: number,
    controller: AbortController,
    feeds: LiveFeed[],
  ): OperationContext {
    return {
      operationId,
      operation,
      signal: controller.signal,
      deadline,
      pollInterval: this.config.pollInterval,
      request: (spec) =>
        this.transport.send(spec, { signal: controller.signal, deadline, operationId }),
      progress: (step, percentage, data) =>
        this.events.emit({
          type: 'operation_progress',
          operationId,
          operation,
          timestamp: Date.now(),
          step,
          ...(percentage === undefined ? {} : { percentage }),
          ...(data === undefined ? {} : { data }),
        }),
      wait: async (ms) => {
        try {
          await this.config.sleep(ms, controller.signal);
          return undefined;
        } catch {
          return abortFailure(reasonOf(controller.signal));
        }
      },
      liveFeed: (types) => {
        const feed = openLiveFeed(
          this.openStream,
          types,
          controller.signal,
          this.config.sleep,
          this.config.pollInterval,
        );
        feeds.push(feed);
        return feed;
      },
      idempotencyKey: randomId,
    };
  }

  private finished(
    operation: string,
    operationId: string,
    result: OperationResult<unknown>,
    duration: number,
  ): void {
    if (this.config.enableMetrics) this.metrics.recordOperation(result.success, duration);
    const event: ClientEvent = result.success
      ? { type: 'operation_complete', operationId, operation, timestamp: Date.now(), duration }
      : {
          type: 'operation_error',
          operationId,
          operation,
          timestamp: Date.now(),
          duration,
          error: result.error,
          result,
        };
    this.events.emit(event);
    if (result.success)
      this.config.logger?.debug('medicalink: operation completed', {
        operationId,
        operation,
        duration,
      });
    else
      this.config.logger?.warn('medicalink: operation failed', {
        operationId,
        operation,
        duration,
        error: result.error,
      });
  }
}

function toOperationResult<T>(
  outcome: StepResult<T> | HttpResult<T>,
  duration: number,
): OperationResult<T> {
  if (!outcome.success) return { ...outcome, duration };
  const details = 'details' in outcome ? outcome.details : undefined;
  return {
    success: true,
    data: outcome.data,
    duration,
    ...(details ? { details } : {}),
    ...(outcome.status === undefined ? {} : { status: outcome.status }),
  };
}
