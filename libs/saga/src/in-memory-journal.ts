import type { ErrorEnvelope } from '@medicalink/contracts';
import { isLive, type SagaRecord, type SagaStepRecord } from './definition';
import { SagaConflictError, SagaExistsError } from './errors';
import type {
  CompensationDeferral,
  JournalFence,
  JournalWrite,
  NewSaga,
  OperatorRetryResult,
  SagaJournal,
  SagaEventRecord,
  SagaListQuery,
  StepChange,
} from './journal';

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
  /** the saga events stored with the writes, in order (an outbox stand-in for tests) */
  readonly events: SagaEventRecord[] = [];

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
    this.events.push(...copy(saga.events ?? []));
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
        trace: saga.trace ? { ...saga.trace } : null,
        nextAttemptAt: null,
        deferrals: 0,
        deferredSince: null,
        operatorRetries: [],
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
    this.events.push(...copy(write.events ?? []));
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
      if (stored.record.nextAttemptAt) return false;
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
      stored.record.nextAttemptAt = null;
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

  async defer(fence: JournalFence, deferral: CompensationDeferral): Promise<boolean> {
    const stored = this.sagas.get(fence.sagaId);
    const record = stored?.record;
    if (!stored || !record || record.leaseOwner !== fence.owner) return false;
    if (record.state !== 'compensating') return false;
    const retryAtMs = this.now() + deferral.delayMs;
    stored.leaseExpiresAtMs = retryAtMs;
    stored.seq = this.seq++;
    record.nextAttemptAt = new Date(retryAtMs).toISOString();
    record.deferrals = (record.deferrals ?? 0) + 1;
    record.deferredSince ??= deferral.since.toISOString();
    record.updatedAt = this.iso();
    for (const { name, error } of deferral.steps) {
      const step = record.steps.find((candidate) => candidate.name === name);
      if (step) step.error = copy(error);
    }
    return true;
  }

  async list(query: SagaListQuery): Promise<{ sagas: SagaRecord[]; total: number }> {
    const matching = [...this.sagas.values()]
      .filter(({ record }) => {
        const created = Date.parse(record.createdAt);
        return (
          (!query.state || record.state === query.state) &&
          (!query.type || record.type === query.type) &&
          (!query.from || created >= query.from.getTime()) &&
          (!query.to || created < query.to.getTime())
        );
      })
      .sort(
        (a, b) =>
          b.record.createdAt.localeCompare(a.record.createdAt) ||
          b.record.id.localeCompare(a.record.id),
      );
    return {
      sagas: matching
        .slice(query.offset, query.offset + query.limit)
        .map((stored) => this.snapshot(stored)),
      total: matching.length,
    };
  }

  async retryCompensation(
    sagaId: string,
    by: string,
    events: readonly SagaEventRecord[] = [],
  ): Promise<OperatorRetryResult> {
    const stored = this.sagas.get(sagaId);
    if (!stored) return 'not_found';
    const record = stored.record;
    if (record.state !== 'compensation_failed') return 'not_failed';
    for (const other of this.sagas.values()) {
      const live = other.record;
      if (
        live.type === record.type &&
        live.businessKey === record.businessKey &&
        isLive(live.state)
      )
        return 'conflict';
    }
    const at = this.iso();
    record.state = 'compensating';
    record.leaseOwner = null;
    stored.leaseExpiresAtMs = this.now() - 1;
    stored.seq = this.seq++;
    record.nextAttemptAt = null;
    record.deferrals = 0;
    record.deferredSince = null;
    record.operatorRetries = [...(record.operatorRetries ?? []), { by, at }];
    record.updatedAt = at;
    this.events.push(...copy(events));
    return 'retried';
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
