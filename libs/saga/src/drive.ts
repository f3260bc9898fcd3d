import type { ErrorEnvelope } from '@medicalink/contracts';
import { toEnvelope } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import type {
  SagaFailure,
  SagaOutcome,
  SagaRecord,
  SagaState,
  SagaStepState,
  StepContext,
  TerminalSagaState,
} from './definition';
import { SagaInterruptedError } from './errors';
import type { JournalFence, SagaChange, SagaJournal, StepChange } from './journal';
import { recordOutcome } from './metrics';
import type { PlannedStep, SagaPlan } from './plan';
import {
  backoffMs,
  DEFAULT_COMPENSATION_RETRY,
  DEFAULT_STEP_RETRY,
  DEFAULT_STEP_TIMEOUT_MS,
  retryPolicy,
  withTimeout,
} from './retry';

export interface DriveDeps {
  journal: SagaJournal;
  owner: string;
  leaseMs: number;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
}

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
    return new SagaDrive(
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
  }

  /** Stops the drive at its next journal write or step boundary, without writing. */
  interrupt(reason: string, cause?: unknown): SagaInterruptedError {
    this.interruption ??= new SagaInterruptedError(this.sagaId, reason, cause);
    return this.interruption;
  }

  async run(): Promise<SagaOutcome> {
    if (this.state === 'running') await this.forward();
    if (this.state === 'running' || this.state === 'compensating') await this.compensate();
    const state = this.state as TerminalSagaState;
    this.report(state);
    return { sagaId: this.sagaId, state, results: this.results, failure: this.failure };
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

  private async runStep(p: PlannedStep): Promise<void> {
    const slot = this.slot(p);
    const policy = retryPolicy(DEFAULT_STEP_RETRY, p.step.retry);
    const timeoutMs = p.step.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
    // Attempts journaled by earlier drives use up the budget, but a recovered step gets at least one.
    const earlier = slot.attempts - (slot.preStarted ? 1 : 0);
    const budget = Math.max(1, policy.maxAttempts - earlier);
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
        error = toEnvelope(thrown);
        const retry = error.retryable && attempt < budget && this.failure === null;
        if (retry) {
          this.deps.logger.debug(
            { sagaId: this.sagaId, step: p.name, attempt: slot.attempts, code: error.code },
            'saga step failed; retrying',
          );
          await this.deps.sleep(backoffMs(policy, attempt));
          this.throwIfInterrupted();
          continue;
        }
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
        return;
      }
      await this.journalEnd(p, {
        name: p.name,
        state: 'completed',
        result,
        scrubInput: p.step.scrubInputAfter ?? [],
      });
      return;
    }
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

  private async compensate(): Promise<void> {
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
      members.forEach((p, i) => {
        if (outcomes[i] === false) failed.push(p.name);
      });
    }
    const end = failed.length > 0 ? 'compensation_failed' : 'compensated';
    await this.write([], { state: end });
    this.state = end;
  }

  /** Resolves false if the compensation kept failing (the step is then `compensation_failed`). */
  private async compensateStep(p: PlannedStep): Promise<boolean> {
    const slot = this.slot(p);
    if (!p.step.compensate) {
      await this.write([{ name: p.name, state: 'compensated' }]);
      slot.state = 'compensated';
      return true;
    }
    const policy = retryPolicy(DEFAULT_COMPENSATION_RETRY, this.plan.definition.compensationRetry);
    const timeoutMs = p.step.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
    const budget = Math.max(1, policy.maxAttempts - slot.compensationAttempts);
    let error: ErrorEnvelope | null = null;
    for (let attempt = 1; ; attempt += 1) {
      await this.write([{ name: p.name, state: 'compensating', error }]);
      slot.state = 'compensating';
      slot.compensationAttempts += 1;
      this.throwIfInterrupted();
      try {
        const ctx = this.context(p, slot.compensationAttempts, timeoutMs);
        await withTimeout(p.name, timeoutMs, () => p.step.compensate?.(ctx) ?? Promise.resolve());
        error = null;
      } catch (thrown) {
        error = toEnvelope(thrown);
      }
      if (error === null) {
        await this.write([{ name: p.name, state: 'compensated' }]);
        slot.state = 'compensated';
        return true;
      }
      if (attempt < budget) {
        await this.deps.sleep(backoffMs(policy, attempt));
        this.throwIfInterrupted();
        continue;
      }
      await this.write([{ name: p.name, state: 'compensation_failed', error }]);
      slot.state = 'compensation_failed';
      slot.error = error;
      this.deps.logger.warn(
        { sagaId: this.sagaId, sagaType: this.plan.definition.type, step: p.name, error },
        'saga compensation kept failing',
      );
      return false;
    }
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
    try {
      written = await this.deps.journal.write(this.fence, {
        steps,
        ...(saga ? { saga } : {}),
        ...(ends ? { scrubInput: sensitive } : {}),
      });
    } catch (error) {
      throw this.interrupt('journal write failed', error);
    }
    if (!written) throw this.interrupt('lease lost to another instance');
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

function unknownError(): ErrorEnvelope {
  return {
    code: 'SAGA_UNKNOWN_FAILURE',
    message: 'no error was journaled',
    status: 500,
    retryable: false,
  };
}
