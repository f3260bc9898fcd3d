import { randomUUID } from 'node:crypto';
import {
  captureTraceContext,
  continueTrace,
  currentContext,
  newCorrelationId,
  runInContext,
  type Logger,
  type StoredTraceContext,
} from '@medicalink/observability';
import { DomainError } from '@medicalink/errors';
import { isLive, type SagaDefinition, type SagaOutcome, type SagaRecord } from './definition';
import { SagaDrive, type DriveDeps } from './drive';
import {
  SagaCompensationDeferredError,
  SagaConflictError,
  SagaExistsError,
  SagaInterruptedError,
  SagaPendingError,
} from './errors';
import { SagaInputCipherError, type SagaInputCipher } from './input-cipher';
import type { OperatorRetryResult, SagaJournal, SagaListQuery } from './journal';
import { recordFlagged } from './metrics';
import { definitionKey, planSaga, type SagaPlan } from './plan';
import { DEFAULT_COMPENSATION_BUDGET_MS, DEFAULT_DEFERRAL_MAX_DELAY_MS, realSleep } from './retry';
import { RecoveryLoop } from './recovery';
import { SagaEvents } from './saga-events';

export interface SagaEngineOptions {
  /** unique per process (e.g. hostname-pid-random): the lease owner; never reuse one across restarts */
  instanceId: string;
  /** how long a saga stays leased without a write or renewal; default 10000 */
  leaseMs?: number;
  /** pause between recovery rounds; default 2000 */
  recoveryIntervalMs?: number;
  /** sagas claimed per recovery round; default 50 */
  recoveryBatchSize?: number;
  logger: Logger;
  /**
   * Seals the input fields a definition declares `sensitiveInput` in the journal; required
   * when a registered definition declares any.
   */
  inputCipher?: SagaInputCipher;
  /**
   * How long a compensation failing for an outage (participant unavailable, timed out, circuit
   * open, connection lost) keeps being retried, counted from the first such failure, before the
   * saga ends `compensation_failed`; default 6 h. Meanwhile the saga stays `compensating`.
   */
  compensationBudgetMs?: number;
  /** the longest pause between two resumptions of such a compensation; default 60 s */
  compensationMaxDelayMs?: number;
  /** the clock of the compensation budget; injectable for tests (default Date.now) */
  now?: () => number;
  /** backoff sleeps (step timeouts use real timers); injectable for tests */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Test hook: false turns off the timer that renews the leases of sagas in flight (every
   * leaseMs/3), as if the process froze; journal writes still renew. Default true.
   */
  renewLeases?: boolean;
}

/** Any definition, whatever its input type (method parameters are checked bivariantly). */
export type AnySagaDefinition = SagaDefinition<unknown>;

export interface StartOptions {
  /**
   * The saga's id, e.g. nameBasedUuid(<the request's id or idempotency key>): a start with the
   * id of an earlier start does not run a second saga but joins the first and resolves with
   * its outcome (SagaPendingError if it does not end before the caller's deadline).
   */
  sagaId?: string;
  /**
   * When the start joins an earlier saga: whether that saga's journaled input (sensitive fields
   * sealed) came from the same request; if not, the start is refused (422
   * IDEMPOTENCY_KEY_REUSED) like one with another business key. Asked of the record the join
   * reads anyway, so a start that joins nothing costs no read.
   */
  sameRequest?: (journaledInput: unknown) => boolean;
}

/** How often a joined saga driven elsewhere is looked up, and how long without a deadline. */
const JOIN_POLL_MS = 100;
const JOIN_DEFAULT_WAIT_MS = 30_000;
/** A caller still waiting for a saga is answered SAGA_PENDING this long before its deadline. */
const PENDING_REPLY_MARGIN_MS = 250;

interface InFlight {
  drive: SagaDrive;
  done: Promise<SagaOutcome>;
}

/**
 * Runs sagas with a durable journal. start() drives a new saga to an end state; recovery
 * (recoverExpired, or the periodic loop of startRecovery) takes over sagas whose driving
 * instance stopped renewing their lease and drives them to an end.
 */
export class SagaEngine {
  private readonly plans = new Map<string, SagaPlan>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly deps: DriveDeps;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly renewLeases: boolean;
  private readonly recovery: RecoveryLoop;
  private renewTimer: NodeJS.Timeout | undefined;
  private renewing = false;

  constructor(
    private readonly journal: SagaJournal,
    definitions: readonly AnySagaDefinition[],
    private readonly options: SagaEngineOptions,
  ) {
    for (const definition of definitions) {
      const plan = planSaga(definition);
      if ((definition.sensitiveInput?.length ?? 0) > 0 && !options.inputCipher) {
        throw new Error(
          `saga definition ${plan.key} declares sensitive input: give the engine an inputCipher`,
        );
      }
      if (this.plans.has(plan.key)) throw new Error(`saga definition ${plan.key} registered twice`);
      this.plans.set(plan.key, plan);
    }
    this.leaseMs = options.leaseMs ?? 10_000;
    this.batchSize = options.recoveryBatchSize ?? 50;
    this.renewLeases = options.renewLeases ?? true;
    this.deps = {
      journal,
      owner: options.instanceId,
      leaseMs: this.leaseMs,
      logger: options.logger,
      sleep: options.sleep ?? realSleep,
      compensationBudgetMs: options.compensationBudgetMs ?? DEFAULT_COMPENSATION_BUDGET_MS,
      deferralMaxDelayMs: options.compensationMaxDelayMs ?? DEFAULT_DEFERRAL_MAX_DELAY_MS,
      now: options.now ?? Date.now,
    };
    this.recovery = new RecoveryLoop(
      () => this.recoverBatch(),
      this.batchSize,
      options.recoveryIntervalMs ?? 2_000,
      options.logger,
    );
  }

  /**
   * Journals a new saga, then drives it to an end state (forward, or back through
   * compensation) and resolves with the outcome. Rejects with SagaConflictError when a live
   * saga of the type has the same business key, and with SagaInterruptedError when this
   * instance lost the saga's lease or its journal (recovery then finishes it). With the
   * `sagaId` of an earlier start it joins that saga instead (see StartOptions).
   */
  async start<I>(
    definition: SagaDefinition<I>,
    input: I,
    options: StartOptions = {},
  ): Promise<SagaOutcome> {
    const plan = this.plans.get(definitionKey(definition.type, definition.version));
    if (!plan) {
      throw new Error(
        `saga definition ${definitionKey(definition.type, definition.version)} is not registered with this engine`,
      );
    }
    const sagaId = options.sagaId ?? randomUUID();
    const businessKey = definition.businessKey(input);
    try {
      await this.journal.create({
        id: sagaId,
        type: definition.type,
        version: definition.version,
        businessKey,
        input: this.sealed(definition, sagaId, input),
        steps: plan.steps.map((p) => ({
          name: p.name,
          position: p.position,
          started: p.group === 0,
        })),
        owner: this.options.instanceId,
        leaseMs: this.leaseMs,
        events: [new SagaEvents(sagaId, definition.type).started()],
        trace: captureTraceContext() ?? null,
      });
    } catch (error) {
      // A repeated start may hit the live business key before the id: both mean "joined".
      const repeated = error instanceof SagaExistsError || error instanceof SagaConflictError;
      const existing = repeated && options.sagaId ? await this.journal.get(sagaId) : null;
      if (existing) return this.join(existing, businessKey, options.sameRequest);
      throw error;
    }
    const drive = SagaDrive.fresh(this.deps, plan, sagaId, input);
    const outcome = withoutCallerDeadline(() => this.track(drive));
    return beforeCallerDeadline(outcome, () => new SagaPendingError(sagaId, drive.currentState));
  }

  get(sagaId: string): Promise<SagaRecord | null> {
    return this.journal.get(sagaId);
  }

  /** Sagas newest first, filtered; the listed records may carry no steps. */
  list(query: SagaListQuery): Promise<{ sagas: SagaRecord[]; total: number }> {
    return this.journal.list(query);
  }

  /**
   * An operator resumes the compensation of a `compensation_failed` saga (once its cause is
   * fixed): the journal records who and when, and recovery drives the compensation again
   * with a fresh budget, starting in this instance's next round.
   */
  async retryCompensation(sagaId: string, by: string): Promise<OperatorRetryResult> {
    const saga = await this.journal.get(sagaId);
    if (!saga) return 'not_found';
    // The audit event names the operator; it is stored only if the retry is.
    const retried = new SagaEvents(sagaId, saga.type).compensationRetried(by);
    const result = await this.journal.retryCompensation(sagaId, by, [retried]);
    if (result === 'retried') {
      this.options.logger.warn({ sagaId, by }, 'saga compensation resumed by an operator');
      this.recovery.nudge();
    }
    return result;
  }

  /**
   * Claims a batch of live sagas whose lease expired and drives each to an end. Resolves with
   * how many were driven to an end (flagged or interrupted ones are not counted).
   */
  async recoverExpired(): Promise<number> {
    return (await this.recoverBatch()).resumed;
  }

  /** Runs recoverExpired now and then every recoveryIntervalMs (at once again while batches come back full). */
  startRecovery(): void {
    this.recovery.start();
  }

  /** Stops the recovery loop and waits for every drive in flight (started or recovered). */
  async stopRecovery(): Promise<void> {
    await this.recovery.stop();
    await Promise.allSettled([...this.inFlight.values()].map((flight) => flight.done));
  }

  /**
   * The outcome of an existing saga, like start()'s: awaited if this instance drives it,
   * otherwise read from the journal until it ends (whoever holds or next claims its lease
   * drives it); SagaPendingError if it has not ended just before the caller's deadline.
   */
  private async join(
    existing: SagaRecord,
    businessKey: string,
    sameRequest: StartOptions['sameRequest'],
  ): Promise<SagaOutcome> {
    if (existing.businessKey !== businessKey || sameRequest?.(existing.input) === false) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        `This idempotency key already started saga ${existing.id} for a different ${existing.type} request`,
        422,
      );
    }
    const flight = this.inFlight.get(existing.id);
    if (flight) {
      const pending = () => new SagaPendingError(existing.id, flight.drive.currentState);
      return beforeCallerDeadline(flight.done, pending);
    }
    const deadline =
      (currentContext()?.deadline ?? Date.now() + JOIN_DEFAULT_WAIT_MS) - PENDING_REPLY_MARGIN_MS;
    let record = existing;
    while (isLive(record.state)) {
      if (Date.now() + JOIN_POLL_MS >= deadline)
        throw new SagaPendingError(record.id, record.state);
      await new Promise((resolve) => setTimeout(resolve, JOIN_POLL_MS));
      const next = await this.journal.get(record.id);
      if (!next) throw new Error(`saga ${record.id} disappeared from the journal`);
      record = next;
    }
    const { id: sagaId, state, results, failure } = record;
    return { sagaId, state, results, failure };
  }

  private async recoverBatch(): Promise<{ claimed: number; resumed: number }> {
    const claimed = await this.journal.claimExpired(
      this.options.instanceId,
      this.leaseMs,
      this.batchSize,
    );
    const resumed = await Promise.all(claimed.map((record) => this.resume(record)));
    return { claimed: claimed.length, resumed: resumed.filter(Boolean).length };
  }

  private async resume(record: SagaRecord): Promise<boolean> {
    const logger = this.options.logger;
    const fields = { sagaId: record.id, sagaType: record.type, version: record.version };
    if (this.inFlight.has(record.id)) {
      // Our own drive outlived the lease and we re-claimed it: it simply goes on.
      logger.warn(fields, 'saga lease expired while this instance was still driving it');
      return false;
    }
    const plan = this.plans.get(definitionKey(record.type, record.version));
    const reason = plan
      ? stepMismatch(plan, record)
      : `unknown saga definition ${definitionKey(record.type, record.version)}`;
    if (!plan || reason) {
      await this.flag(record, reason ?? 'not resumable');
      return false;
    }
    let input: unknown;
    try {
      input = this.opened(plan, record);
    } catch (error) {
      if (!(error instanceof SagaInputCipherError)) throw error;
      await this.flag(record, error.message);
      return false;
    }
    logger.info({ ...fields, state: record.state }, 'resuming saga after its lease expired');
    try {
      const drive = SagaDrive.resume(this.deps, plan, { ...record, input });
      await inStartingTrace(record.trace, () => this.track(drive));
      return true;
    } catch (error) {
      if (error instanceof SagaCompensationDeferredError) {
        logger.info({ ...fields, retryAt: error.retryAt }, 'recovered saga deferred again');
      } else if (error instanceof SagaInterruptedError) {
        logger.warn({ ...fields, reason: error.message }, 'recovered saga interrupted');
      } else {
        logger.error({ ...fields, err: error }, 'recovered saga drive failed');
      }
      return false;
    }
  }

  private sealed<I>(definition: SagaDefinition<I>, sagaId: string, input: I): unknown {
    const fields = definition.sensitiveInput ?? [];
    if (fields.length === 0 || !this.options.inputCipher) return input;
    return this.options.inputCipher.sealInput(sagaId, fields, input);
  }

  private opened(plan: SagaPlan, record: SagaRecord): unknown {
    const fields = plan.definition.sensitiveInput ?? [];
    if (fields.length === 0 || !this.options.inputCipher) return record.input;
    return this.options.inputCipher.openInput(record.id, fields, record.input);
  }

  private async flag(record: SagaRecord, reason: string): Promise<void> {
    const fields = { sagaId: record.id, sagaType: record.type, version: record.version, reason };
    try {
      await this.journal.flag(record.id, this.options.instanceId, reason);
      recordFlagged(record.type);
      this.options.logger.error(
        fields,
        'saga cannot be resumed by this instance: flagged and left alone',
      );
    } catch (error) {
      this.options.logger.error(
        { ...fields, err: error },
        'could not flag a saga that cannot be resumed',
      );
    }
  }

  private track(drive: SagaDrive): Promise<SagaOutcome> {
    const done = drive.run().finally(() => {
      this.inFlight.delete(drive.sagaId);
      if (this.inFlight.size === 0) {
        clearInterval(this.renewTimer);
        this.renewTimer = undefined;
      }
    });
    this.inFlight.set(drive.sagaId, { drive, done });
    if (this.renewLeases && !this.renewTimer) {
      this.renewTimer = setInterval(
        () => void this.renew(),
        Math.max(10, Math.floor(this.leaseMs / 3)),
      );
      this.renewTimer.unref();
    }
    return done;
  }

  private async renew(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    const ids = [...this.inFlight.keys()];
    try {
      const held = new Set(
        await this.journal.renewLeases(this.options.instanceId, ids, this.leaseMs),
      );
      for (const id of ids) {
        if (!held.has(id)) this.inFlight.get(id)?.drive.interrupt('lease lost to another instance');
      }
    } catch (error) {
      // The lease may expire and another instance take over; our writes are fenced.
      this.options.logger.warn({ err: error }, 'saga lease renewal failed');
    } finally {
      this.renewing = false;
    }
  }
}

function stepMismatch(plan: SagaPlan, record: SagaRecord): string | null {
  const journaled = record.steps.map((step) => step.name).join(',');
  const defined = plan.steps.map((p) => p.name).join(',');
  return journaled === defined
    ? null
    : `journaled steps [${journaled}] differ from definition ${plan.key} [${defined}]`;
}

/**
 * Runs a resumed drive in the trace its saga was started in: its span is a child of the span
 * that started the saga (tracing on), and its log lines and messages carry that trace's id
 * either way, under one correlation id of their own.
 */
function inStartingTrace<T>(trace: StoredTraceContext | null | undefined, work: () => T): T {
  if (!trace) return work();
  const context = { correlationId: newCorrelationId(), traceparent: trace.traceparent };
  return runInContext(context, () => continueTrace(trace, work));
}

/**
 * The caller's deadline bounds how long it waits for the outcome, not the saga: steps and
 * compensations run under their own timeouts, so a saga that outlives its caller still ends
 * (forward or back) instead of failing every call at once. Correlation and trace stay.
 */
function withoutCallerDeadline<T>(work: () => T): T {
  const context = currentContext();
  if (context?.deadline === undefined) return work();
  const { deadline: _callerDeadline, ...rest } = context;
  return runInContext(rest, work);
}

/**
 * Ends the caller's wait (not the saga) just before its deadline, so it hears which saga is
 * still going on (SagaPendingError) instead of only timing out.
 */
function beforeCallerDeadline<T>(outcome: Promise<T>, pending: () => Error): Promise<T> {
  const deadline = currentContext()?.deadline;
  if (deadline === undefined) return outcome;
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<never>((_resolve, reject) => {
    const waitMs = Math.max(0, deadline - PENDING_REPLY_MARGIN_MS - Date.now());
    timer = setTimeout(() => reject(pending()), waitMs);
  });
  return Promise.race([outcome, giveUp]).finally(() => clearTimeout(timer));
}
