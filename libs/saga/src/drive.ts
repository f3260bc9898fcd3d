import type { ErrorEnvelope } from '@medicalink/contracts';
import { isInternalError, maskInternalError } from '@medicalink/errors';
import { toEnvelope } from '@medicalink/messaging';
import {
  inSpan,
  spanEvent,
  SpanStatusCode,
  type Attributes,
  type Logger,
  type Span,
} from '@medicalink/observability';
import type {
  SagaFailure,
  SagaOutcome,
  SagaRecord,
  SagaState,
  SagaStepState,
  StepContext,
  TerminalSagaState,
} from './definition';
import { SagaCompensationDeferredError, SagaInterruptedError } from './errors';
import type { JournalFence, SagaChange, SagaEventRecord, SagaJournal, StepChange } from './journal';
import { recordDeferral, recordOutcome } from './metrics';
import { SagaEvents } from './saga-events';
import { isCircuitRefusal, isOutage } from './outage';
import type { PlannedStep, SagaPlan } from './plan';
import {
  backoffMs,
  DEFAULT_COMPENSATION_RETRY,
  DEFAULT_STEP_RETRY,
  DEFAULT_STEP_TIMEOUT_MS,
  deferralDelayMs,
  retryPolicy,
  withTimeout,
} from './retry';

export interface DriveDeps {
  journal: SagaJournal;
  owner: string;
  leaseMs: number;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  /** how long a compensation waits out an outage, counted from when it first met it */
  compensationBudgetMs: number;
  /** the longest pause between two drives of a deferred compensation */
  deferralMaxDelayMs: number;
  /** the clock the compensation budget is measured with */
  now: () => number;
}

/** How one step's compensation ended in this drive. */
type CompensationResult = 'compensated' | 'failed' | 'outage';

interface Slot {
  planned: PlannedStep;
  state: SagaStepState;
  attempts: number;
  compensationAttempts: number;
  error: ErrorEnvelope | null;
  /** the `started` row of this step's next attempt was already written (with the previous write) */
  preStarted: boolean;
}

/** Steps that may have run, hence are compensated; a `compensation_failed` one gets another try on recovery. */
const NEEDS_COMPENSATION: ReadonlySet<SagaStepState> = new Set([
  'started',
  'completed',
  'failed',
  'compensating',
  'compensation_failed',
]);

/**
 * Drives one saga from its journaled state to an end state. Keeps the saga's state in memory
 * and only writes the journal (never reads it): one fenced write per transition, with a step's
 * completion and the start of the next step(s) (or the saga's completion) in the same write.
 */
export class SagaDrive {
  private interruption: SagaInterruptedError | undefined;
  private readonly slots = new Map<string, Slot>();
  private readonly fence: JournalFence;
  private readonly events: SagaEvents;
  /** deferrals journaled so far, and when compensation first met an outage */
  private deferrals = 0;
  private outageSince: number | null = null;
  /** taken over from the journal (by recovery), not started here */
  private resumed = false;

  private constructor(
    private readonly deps: DriveDeps,
    private readonly plan: SagaPlan,
    readonly sagaId: string,
    private input: unknown,
    private readonly results: Record<string, unknown>,
    private state: SagaState,
    private failure: SagaFailure | null,
    private readonly startedAtMs: number,
    slots: (planned: PlannedStep) => Omit<Slot, 'planned'>,
  ) {
    this.fence = { sagaId, owner: deps.owner, leaseMs: deps.leaseMs };
    this.events = new SagaEvents(sagaId, plan.definition.type);
    for (const planned of plan.steps) {
      this.slots.set(planned.name, { planned, ...slots(planned) });
    }
  }

  /** running, compensating, or the end state it reached */
  get currentState(): SagaState {
    return this.state;
  }

  /** A saga just created by `create`, with its first group journaled as started. */
  static fresh(deps: DriveDeps, plan: SagaPlan, sagaId: string, input: unknown): SagaDrive {
    const ownInput = isPlainObject(input) ? { ...input } : input;
    return new SagaDrive(deps, plan, sagaId, ownInput, {}, 'running', null, Date.now(), (p) => ({
      state: p.group === 0 ? 'started' : 'pending',
      attempts: p.group === 0 ? 1 : 0,
      compensationAttempts: 0,
      error: null,
      preStarted: p.group === 0,
    }));
  }

  /** A saga claimed by recovery; `record.steps` must match the plan's steps. */
  static resume(deps: DriveDeps, plan: SagaPlan, record: SagaRecord): SagaDrive {
    const byName = new Map(record.steps.map((step) => [step.name, step]));
    const drive = new SagaDrive(
      deps,
      plan,
      record.id,
      record.input,
      { ...record.results },
      record.state,
      record.failure,
      Date.parse(record.createdAt),
      (p) => {
        const step = byName.get(p.name);
        return {
          state: step?.state ?? 'pending',
          attempts: step?.attempts ?? 0,
          compensationAttempts: step?.compensationAttempts ?? 0,
          error: step?.error ?? null,
          preStarted: false,
        };
      },
    );
    drive.resumed = true;
    drive.deferrals = record.deferrals ?? 0;
    drive.outageSince = record.deferredSince ? Date.parse(record.deferredSince) : null;
    return drive;
  }

  /** Stops the drive at its next journal write or step boundary, without writing. */
  interrupt(reason: string, cause?: unknown): SagaInterruptedError {
    this.interruption ??= new SagaInterruptedError(this.sagaId, reason, cause);
    return this.interruption;
  }

  /** One span for this drive of the saga, with a child per step and per compensation. */
  run(): Promise<SagaOutcome> {
    return inSpan(
      `saga ${this.plan.definition.type}`,
      { attributes: { ...this.spanAttributes(), 'medicalink.saga.resumed': this.resumed } },
      async (span) => {
        if (this.state === 'running') await this.forward();
        if (this.state === 'running' || this.state === 'compensating') await this.compensate();
        const state = this.state as TerminalSagaState;
        span?.setAttribute('medicalink.saga.state', state);
        if (state === 'compensation_failed') span?.setStatus({ code: SpanStatusCode.ERROR });
        this.report(state);
        return { sagaId: this.sagaId, state, results: this.results, failure: this.failure };
      },
    );
  }

  private spanAttributes(step?: PlannedStep): Attributes {
    return {
      'medicalink.saga.id': this.sagaId,
      'medicalink.saga.type': this.plan.definition.type,
      ...(step ? { 'medicalink.saga.step': step.name } : {}),
    };
  }

  private async forward(): Promise<void> {
    const failed = this.plan.steps.find((p) => this.slot(p).state === 'failed' && isCritical(p));
    if (failed) {
      // Crashed between journaling the failure and starting compensation.
      this.failure = { step: failed.name, error: this.slot(failed).error ?? unknownError() };
      return;
    }
    for (const group of this.plan.groups) {
      const open = group.filter((p) => !this.settled(p));
      if (open.length === 0) continue;
      await this.settle(open.map((p) => this.runStep(p)));
      if (this.failure) return;
    }
    if (this.state === 'running') await this.write([], { state: 'completed' });
    this.state = 'completed';
  }

  private runStep(p: PlannedStep): Promise<void> {
    return inSpan(`saga step ${p.name}`, { attributes: this.spanAttributes(p) }, (span) =>
      this.runStepAttempts(p, span),
    );
  }

  private async runStepAttempts(p: PlannedStep, span: Span | undefined): Promise<void> {
    const slot = this.slot(p);
    const policy = retryPolicy(DEFAULT_STEP_RETRY, p.step.retry);
    const timeoutMs = p.step.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
    // Each attempt is journaled (`started`, attempts + 1) before the step is sent, so attempts
    // cut short (this process killed, or the participant dying with the request) count too. A
    // step that used them all up that way fails here instead of being sent again after every
    // restart: a request that kills its participant, or the orchestrator, cannot loop.
    const earlier = slot.attempts - (slot.preStarted ? 1 : 0);
    if (earlier >= policy.maxAttempts) {
      return this.failStep(p, this.recordable(p, attemptsExhausted(p.name, earlier), earlier));
    }
    const budget = policy.maxAttempts - earlier;
    let error: ErrorEnvelope | null = null;
    for (let attempt = 1; ; attempt += 1) {
      if (slot.preStarted) {
        slot.preStarted = false;
      } else {
        await this.write([{ name: p.name, state: 'started', error }]);
        slot.state = 'started';
        slot.attempts += 1;
      }
      this.throwIfInterrupted();
      let result: unknown;
      try {
        const ctx = this.context(p, slot.attempts, timeoutMs);
        result = toJson(await withTimeout(p.name, timeoutMs, () => p.step.invoke(ctx)));
      } catch (thrown) {
        error = this.recordable(p, toEnvelope(thrown), slot.attempts);
        const retry = error.retryable && attempt < budget && this.failure === null;
        span?.setAttribute('error.type', error.code);
        if (retry) {
          spanEvent('saga.step.retry', { 'medicalink.saga.attempt': slot.attempts + 1 });
          this.deps.logger.debug(
            { sagaId: this.sagaId, step: p.name, attempt: slot.attempts, code: error.code },
            'saga step failed; retrying',
          );
          await this.deps.sleep(backoffMs(policy, attempt));
          this.throwIfInterrupted();
          continue;
        }
        span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        return this.failStep(p, error);
      }
      span?.setAttribute('medicalink.saga.attempts', attempt);
      await this.journalEnd(p, {
        name: p.name,
        state: 'completed',
        result,
        scrubInput: p.step.scrubInputAfter ?? [],
      });
      return;
    }
  }

  /** A step that failed for good: the saga compensates, or goes on if the step is not critical. */
  private async failStep(p: PlannedStep, error: ErrorEnvelope): Promise<void> {
    const slot = this.slot(p);
    if (!isCritical(p)) {
      this.deps.logger.warn(
        { sagaId: this.sagaId, step: p.name, attempt: slot.attempts, code: error.code },
        'non-critical saga step failed; the saga goes on',
      );
      await this.journalEnd(p, { name: p.name, state: 'failed', error });
      return;
    }
    await this.write([{ name: p.name, state: 'failed', error }]);
    slot.state = 'failed';
    slot.error = error;
    this.failure ??= { step: p.name, error };
  }

  /**
   * A failure as the journal (and the saga events, and whoever reads them) may keep it: a 5xx
   * loses its message and details, which carry whatever broke inside the participant; the
   * original goes to the logs.
   */
  private recordable(p: PlannedStep, error: ErrorEnvelope, attempt: number): ErrorEnvelope {
    if (!isInternalError(error)) return error;
    this.deps.logger.warn(
      { sagaId: this.sagaId, sagaType: this.plan.definition.type, step: p.name, attempt, error },
      `saga step failed: ${error.message}`,
    );
    return maskInternalError(error);
  }

  /**
   * Journals a step's end that lets the saga go on: its completion, or the failure of a
   * non-critical step. The last member of a group to settle also journals, in the same write,
   * the start of the next group (or the saga's completion). "Last" means every other member's
   * end is already journaled: an end still in flight could otherwise land after the saga was
   * written completed, and be refused.
   */
  private async journalEnd(
    p: PlannedStep,
    change: Extract<StepChange, { state: 'completed' | 'failed' }>,
  ): Promise<void> {
    const slot = this.slot(p);
    const changes: StepChange[] = [change];
    let sagaChange: SagaChange | undefined;
    let next: PlannedStep[] = [];
    const groupDone = (this.plan.groups[p.group] ?? []).every((q) => q === p || this.settled(q));
    if (groupDone && this.failure === null) {
      next = (this.plan.groups[p.group + 1] ?? []).filter((q) => !this.settled(q));
      if (p.group === this.plan.groups.length - 1) sagaChange = { state: 'completed' };
      changes.push(
        ...next.map((q): StepChange => ({ name: q.name, state: 'started', error: null })),
      );
    }
    await this.write(changes, sagaChange);
    slot.state = change.state;
    if (change.state === 'completed') {
      this.results[p.name] = change.result;
      scrub(this.input, p.step.scrubInputAfter);
    } else {
      slot.error = change.error;
    }
    for (const q of next) {
      const started = this.slot(q);
      started.state = 'started';
      started.attempts += 1;
      started.preStarted = true;
    }
    if (sagaChange) this.state = sagaChange.state;
  }

  /** Done with, as far as going forward is concerned: completed, or failed without failing the saga. */
  private settled(p: PlannedStep): boolean {
    const state = this.slot(p).state;
    return state === 'completed' || (state === 'failed' && !isCritical(p));
  }

  private compensate(): Promise<void> {
    return inSpan(
      `saga compensation ${this.plan.definition.type}`,
      { attributes: this.spanAttributes() },
      () => this.compensateGroups(),
    );
  }

  private async compensateGroups(): Promise<void> {
    if (this.state === 'running') {
      const failure = this.failure ?? { step: '', error: unknownError() };
      await this.write([], { state: 'compensating', failure });
      this.state = 'compensating';
    }
    const failed: string[] = [];
    for (let index = this.plan.groups.length - 1; index >= 0; index -= 1) {
      const members = (this.plan.groups[index] ?? []).filter((p) =>
        NEEDS_COMPENSATION.has(this.slot(p).state),
      );
      const outcomes = await this.settle(members.map((p) => this.compensateStep(p)));
      const waiting = members.filter((_p, i) => outcomes[i] === 'outage');
      // Earlier groups are undone only after this one: the saga waits here for the outage to end.
      if (waiting.length > 0) await this.defer(waiting);
      members.forEach((p, i) => {
        if (outcomes[i] === 'failed') failed.push(p.name);
      });
    }
    const end = failed.length > 0 ? 'compensation_failed' : 'compensated';
    await this.write([], { state: end });
    this.state = end;
  }

  /**
   * Retries within this drive per the definition's compensationRetry, where a call the open
   * circuit refused never reached the participant, so it spends no attempt (and journals none).
   * Then: `outage` if it is still failing for an outage within the compensation budget (the
   * saga is handed back to the journal), else `failed` (the step is `compensation_failed`).
   */
  private compensateStep(p: PlannedStep): Promise<CompensationResult> {
    return inSpan(`saga compensate ${p.name}`, { attributes: this.spanAttributes(p) }, (span) =>
      this.compensateStepAttempts(p).then((result) => {
        span?.setAttribute('medicalink.saga.compensation', result);
        if (result === 'failed') span?.setStatus({ code: SpanStatusCode.ERROR });
        return result;
      }),
    );
  }

  private async compensateStepAttempts(p: PlannedStep): Promise<CompensationResult> {
    const slot = this.slot(p);
    if (!p.step.compensate) {
      await this.write([{ name: p.name, state: 'compensated' }]);
      slot.state = 'compensated';
      return 'compensated';
    }
    const policy = retryPolicy(DEFAULT_COMPENSATION_RETRY, this.plan.definition.compensationRetry);
    const timeoutMs = p.step.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
    let error: ErrorEnvelope | null = null;
    let attempts = 0;
    let refusals = 0;
    let refused = false;
    for (;;) {
      if (!refused) {
        await this.write([{ name: p.name, state: 'compensating', error }]);
        slot.state = 'compensating';
        slot.compensationAttempts += 1;
      }
      this.throwIfInterrupted();
      try {
        const ctx = this.context(p, slot.compensationAttempts, timeoutMs);
        await withTimeout(p.name, timeoutMs, () => p.step.compensate?.(ctx) ?? Promise.resolve());
        error = null;
      } catch (thrown) {
        error = this.recordable(p, toEnvelope(thrown), slot.compensationAttempts);
      }
      if (error === null) {
        await this.write([{ name: p.name, state: 'compensated' }]);
        slot.state = 'compensated';
        return 'compensated';
      }
      slot.error = error;
      refused = isCircuitRefusal(error);
      if (refused) refusals += 1;
      else attempts += 1;
      if (error.retryable && attempts < policy.maxAttempts && refusals < policy.maxAttempts) {
        spanEvent('saga.compensation.retry', { 'error.type': error.code });
        await this.deps.sleep(backoffMs(policy, refused ? refusals : attempts));
        this.throwIfInterrupted();
        continue;
      }
      if (isOutage(error) && !this.compensationBudgetSpent()) return 'outage';
      await this.write([{ name: p.name, state: 'compensation_failed', error }]);
      slot.state = 'compensation_failed';
      this.deps.logger.warn(
        { sagaId: this.sagaId, sagaType: this.plan.definition.type, step: p.name, error },
        'saga compensation kept failing',
      );
      return 'failed';
    }
  }

  /** Starts the budget's clock at the first outage, and says whether it has run out. */
  private compensationBudgetSpent(): boolean {
    this.outageSince ??= this.deps.now();
    return this.deps.now() - this.outageSince >= this.deps.compensationBudgetMs;
  }

  /**
   * Hands the saga back to the journal instead of holding this process for the whole outage:
   * it stays `compensating`, and its lease runs out at the next attempt time, when recovery
   * (here or on any instance, after a restart too) resumes it.
   */
  private async defer(waiting: PlannedStep[]): Promise<never> {
    const delayMs = deferralDelayMs(this.deferrals + 1, this.deps.deferralMaxDelayMs);
    const steps = waiting.map((p) => ({
      name: p.name,
      error: this.slot(p).error ?? unknownError(),
    }));
    const since = new Date(this.outageSince ?? this.deps.now());
    this.throwIfInterrupted();
    let written: boolean;
    try {
      written = await this.deps.journal.defer(this.fence, { steps, delayMs, since });
    } catch (error) {
      throw this.interrupt('journal write failed', error);
    }
    if (!written) throw this.interrupt('lease lost to another instance');
    this.deferrals += 1;
    recordDeferral(this.plan.definition.type);
    const retryAt = new Date(this.deps.now() + delayMs);
    this.deps.logger.warn(
      {
        sagaId: this.sagaId,
        sagaType: this.plan.definition.type,
        steps: steps.map(({ name, error }) => ({ step: name, code: error.code })),
        deferrals: this.deferrals,
        retryAt: retryAt.toISOString(),
      },
      'saga compensation waits out an outage',
    );
    throw new SagaCompensationDeferredError(this.sagaId, retryAt);
  }

  /** Waits for every member of a group (none is abandoned mid-write), then surfaces an interruption or a bug. */
  private async settle<T>(work: Promise<T>[]): Promise<T[]> {
    const settled = await Promise.allSettled(work);
    this.throwIfInterrupted();
    return settled.map((outcome) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      return outcome.value;
    });
  }

  private async write(steps: StepChange[], saga?: SagaChange): Promise<void> {
    this.throwIfInterrupted();
    // The write that ends the saga also removes its sensitive input from the journal.
    const sensitive = this.plan.definition.sensitiveInput ?? [];
    const ends = saga !== undefined && saga.state !== 'compensating' && sensitive.length > 0;
    let written: boolean;
    const events = this.eventsOf(steps, saga);
    try {
      written = await this.deps.journal.write(this.fence, {
        steps,
        ...(saga ? { saga } : {}),
        ...(ends ? { scrubInput: sensitive } : {}),
        ...(events.length > 0 ? { events } : {}),
      });
    } catch (error) {
      throw this.interrupt('journal write failed', error);
    }
    if (!written) throw this.interrupt('lease lost to another instance');
  }

  /** The saga events a write reports (slots already hold the states it writes). */
  private eventsOf(steps: StepChange[], saga: SagaChange | undefined): SagaEventRecord[] {
    const events: SagaEventRecord[] = [];
    for (const change of steps) {
      const attempts = this.slots.get(change.name)?.attempts ?? 1;
      if (change.state === 'completed')
        events.push(this.events.stepSucceeded(change.name, attempts));
      if (change.state === 'failed')
        events.push(this.events.stepFailed(change.name, attempts, change.error));
    }
    const failedStep = this.failure?.step ?? '';
    if (saga?.state === 'completed') events.push(this.events.completed());
    if (saga?.state === 'compensated') events.push(this.events.compensated(failedStep));
    if (saga?.state === 'compensation_failed') {
      const uncompensated = this.plan.steps
        .filter((p) => this.slot(p).state === 'compensation_failed')
        .map((p) => p.name);
      events.push(this.events.compensationFailed(failedStep, uncompensated));
    }
    return events;
  }

  private throwIfInterrupted(): void {
    // Once this drive's own fenced write has ended the saga, a later lease check (which no
    // longer finds a live saga to renew) must not turn the finished outcome into an error.
    const ended = this.state !== 'running' && this.state !== 'compensating';
    if (this.interruption && !ended) throw this.interruption;
  }

  private context(p: PlannedStep, attempt: number, timeoutMs: number): StepContext<unknown> {
    return {
      sagaId: this.sagaId,
      input: this.input,
      results: { ...this.results },
      idempotencyKey: `${this.sagaId}:${p.name}`,
      timeoutMs,
      attempt,
    };
  }

  private slot(p: PlannedStep): Slot {
    const slot = this.slots.get(p.name);
    if (!slot) throw new Error(`saga ${this.sagaId}: no step ${p.name}`);
    return slot;
  }

  private report(state: TerminalSagaState): void {
    const type = this.plan.definition.type;
    recordOutcome(type, state, (Date.now() - this.startedAtMs) / 1000);
    const fields = { sagaId: this.sagaId, sagaType: type, failure: this.failure };
    if (state === 'compensation_failed') {
      const failedSteps = this.plan.steps
        .filter((p) => this.slot(p).state === 'compensation_failed')
        .map((p) => ({ step: p.name, error: this.slot(p).error }));
      this.deps.logger.error(
        { ...fields, failedSteps },
        'saga compensation failed: manual intervention needed',
      );
    } else if (state === 'compensated') {
      this.deps.logger.info(fields, 'saga compensated');
    } else {
      this.deps.logger.debug(fields, 'saga completed');
    }
  }
}

function isCritical(p: PlannedStep): boolean {
  return p.step.critical !== false;
}

function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scrub(input: unknown, keys: readonly string[] | undefined): void {
  if (!keys || keys.length === 0 || !isPlainObject(input)) return;
  for (const key of keys) delete input[key];
}

/** Every attempt the step may have was started, and the last ended without an outcome. */
function attemptsExhausted(step: string, attempts: number): ErrorEnvelope {
  return {
    code: 'SAGA_STEP_ATTEMPTS_EXHAUSTED',
    message:
      `Step ${step} was started ${attempts} times, all its attempts, and the last one ended ` +
      'without an outcome (the process driving the saga stopped, or the participant did not ' +
      'answer, e.g. because the request ends its process); it is not sent again',
    status: 504,
    details: { attempts },
    retryable: false,
  };
}

function unknownError(): ErrorEnvelope {
  return {
    code: 'SAGA_UNKNOWN_FAILURE',
    message: 'no error was journaled',
    status: 500,
    retryable: false,
  };
}
