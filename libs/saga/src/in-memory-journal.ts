import type { ErrorEnvelope } from '@medicalink/contracts';
import { isLive, type SagaRecord, type SagaStepRecord } from './definition';
import { SagaConflictError, SagaExistsError } from './errors';
import type { JournalFence, JournalWrite, NewSaga, SagaJournal, StepChange } from './journal';

export interface InMemorySagaJournalOptions {
  /** the clock leases are measured against; default Date.now */
  now?: () => number;
}

interface StoredSaga {
  record: SagaRecord;
  leaseExpiresAtMs: number | null;
  /** tie-breaker for recovery order when the clock does not move */
  seq: number;
}

/**
 * The journal in process memory, with the PostgreSQL journal's semantics (fenced writes,
 * leases, one claimer per saga, the live business-key rule). For tests; data is copied in
 * and out as JSON, like jsonb.
 */
export class InMemorySagaJournal implements SagaJournal {
  private readonly sagas = new Map<string, StoredSaga>();
  private readonly now: () => number;
  private seq = 0;

  constructor(options: InMemorySagaJournalOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async create(saga: NewSaga): Promise<void> {
    if (this.sagas.has(saga.id)) throw new SagaExistsError(saga.id);
    for (const { record } of this.sagas.values()) {
      if (
        record.type === saga.type &&
        record.businessKey === saga.businessKey &&
        isLive(record.state)
      ) {
        throw new SagaConflictError(saga.type);
      }
    }
    const at = this.iso();
    this.sagas.set(saga.id, {
      seq: this.seq++,
      leaseExpiresAtMs: this.now() + saga.leaseMs,
      record: {
        id: saga.id,
        type: saga.type,
        version: saga.version,
        state: 'running',
        businessKey: saga.businessKey,
        input: copy(saga.input),
        results: {},
        failure: null,
        flagged: null,
        leaseOwner: saga.owner,
        leaseExpiresAt: null,
        createdAt: at,
        updatedAt: at,
        steps: [...saga.steps]
          .sort((a, b) => a.position - b.position)
          .map((step) => ({
            name: step.name,
            state: step.started ? 'started' : 'pending',
            attempts: step.started ? 1 : 0,
            compensationAttempts: 0,
            startedAt: step.started ? at : null,
            finishedAt: null,
            error: null,
            result: null,
          })),
      },
    });
  }

  async write(fence: JournalFence, write: JournalWrite): Promise<boolean> {
    const stored = this.sagas.get(fence.sagaId);
    if (!stored || stored.record.leaseOwner !== fence.owner || !isLive(stored.record.state)) {
      return false;
    }
    const record = stored.record;
    const steps = write.steps.map((change) => {
      const step = record.steps.find((candidate) => candidate.name === change.name);
      if (!step)
        throw new Error(`saga ${fence.sagaId}: journal has no row for step ${change.name}`);
      return { step, change };
    });
    const at = this.iso();
    for (const { step, change } of steps) {
      applyStep(step, change, at);
      if (change.state === 'completed') {
        record.results[change.name] = copy(change.result);
        const input = record.input;
        if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
          for (const key of change.scrubInput ?? []) delete (input as Record<string, unknown>)[key];
        }
      }
    }
    const input = record.input;
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      for (const key of write.scrubInput ?? []) delete (input as Record<string, unknown>)[key];
    }
    if (write.saga) {
      record.state = write.saga.state;
      if (write.saga.state === 'compensating') record.failure = copy(write.saga.failure);
    }
    stored.leaseExpiresAtMs = isLive(record.state) ? this.now() + fence.leaseMs : null;
    stored.seq = this.seq++;
    record.updatedAt = at;
    return true;
  }

  async renewLeases(owner: string, sagaIds: readonly string[], leaseMs: number): Promise<string[]> {
    return sagaIds.filter((id) => {
      const stored = this.sagas.get(id);
      if (!stored || stored.record.leaseOwner !== owner || !isLive(stored.record.state))
        return false;
      stored.leaseExpiresAtMs = this.now() + leaseMs;
      return true;
    });
  }

  async claimExpired(owner: string, leaseMs: number, limit: number): Promise<SagaRecord[]> {
    const now = this.now();
    const expired = [...this.sagas.values()]
      .filter(
        ({ record, leaseExpiresAtMs }) =>
          isLive(record.state) &&
          record.flagged === null &&
          leaseExpiresAtMs !== null &&
          leaseExpiresAtMs < now,
      )
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
    return expired.map((stored) => {
      stored.record.leaseOwner = owner;
      stored.leaseExpiresAtMs = now + leaseMs;
      stored.record.updatedAt = this.iso();
      stored.seq = this.seq++;
      return this.snapshot(stored);
    });
  }

  async flag(sagaId: string, owner: string, reason: string): Promise<boolean> {
    const stored = this.sagas.get(sagaId);
    if (!stored || stored.record.leaseOwner !== owner) return false;
    stored.record.flagged = reason;
    stored.record.updatedAt = this.iso();
    return true;
  }

  async get(sagaId: string): Promise<SagaRecord | null> {
    const stored = this.sagas.get(sagaId);
    return stored ? this.snapshot(stored) : null;
  }

  /** Every saga's id, least recently changed first (for tests). */
  ids(): string[] {
    return [...this.sagas.values()].sort((a, b) => a.seq - b.seq).map(({ record }) => record.id);
  }

  private snapshot(stored: StoredSaga): SagaRecord {
    const leaseExpiresAt =
      stored.leaseExpiresAtMs === null ? null : new Date(stored.leaseExpiresAtMs).toISOString();
    return copy({ ...stored.record, leaseExpiresAt });
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

function applyStep(step: SagaStepRecord, change: StepChange, at: string): void {
  step.state = change.state;
  if (change.state === 'started') {
    step.attempts += 1;
    step.startedAt ??= at;
  }
  if (change.state === 'compensating') step.compensationAttempts += 1;
  if (['completed', 'failed', 'compensated', 'compensation_failed'].includes(change.state)) {
    step.finishedAt = at;
  }
  // the last failure is kept until a newer one replaces it (as in PostgresSagaJournal)
  if ('error' in change && change.error) step.error = copy<ErrorEnvelope>(change.error);
  if (change.state === 'completed') step.result = copy(change.result);
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}
