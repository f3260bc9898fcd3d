import type { ErrorEnvelope } from '@medicalink/contracts';
import {
  isInvalidTextRepresentation,
  isUniqueViolation,
  sql,
  type Kysely,
} from '@medicalink/persistence';
import type {
  OperatorRetry,
  SagaFailure,
  SagaRecord,
  SagaState,
  SagaStepRecord,
  SagaStepState,
} from './definition';
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
import { LIVE_BUSINESS_KEY_INDEX, type SagaTables } from './schema';

interface SagaRow {
  id: string;
  type: string;
  version: number;
  state: SagaState;
  business_key: string;
  input: unknown;
  results: Record<string, unknown>;
  failure: SagaFailure | null;
  flagged: string | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  next_attempt_at: Date | null;
  deferrals: number;
  deferred_since: Date | null;
  operator_retries: OperatorRetry[];
  traceparent: string | null;
  tracestate: string | null;
  steps: StepJson[];
}

/** A step row as json_build_object renders it (timestamps as text). */
interface StepJson {
  name: string;
  state: SagaStepState;
  attempts: number;
  compensation_attempts: number;
  started_at: string | null;
  finished_at: string | null;
  error: ErrorEnvelope | null;
  result: unknown;
}

const SAGA_COLUMNS = sql`id, type, version, state, business_key, input, results, failure, flagged,
  lease_owner, lease_expires_at, created_at, updated_at,
  next_attempt_at, deferrals, deferred_since, operator_retries, traceparent, tracestate,
  coalesce((
    SELECT json_agg(json_build_object(
      'name', st.name, 'state', st.state, 'attempts', st.attempts,
      'compensation_attempts', st.compensation_attempts, 'started_at', st.started_at,
      'finished_at', st.finished_at, 'error', st.error, 'result', st.result) ORDER BY st.position)
    FROM saga_steps st WHERE st.saga_id = sagas.id
  ), '[]'::json) AS steps`;

const LIVE = sql`('running', 'compensating')`;

/**
 * The journal in PostgreSQL (tables and functions from `sagaMigrations`). Each method is one
 * statement, hence one transaction. `write` fences on the lease owner by updating the saga row
 * first, so a claim by another instance and a write of the old owner serialize on that row.
 */
export class PostgresSagaJournal<DB extends SagaTables = SagaTables> implements SagaJournal {
  /**
   * `db` may be an app's database whose tables include the saga tables. With `outbox` (the
   * database has libs/persistence's outbox table), saga events are inserted there by the
   * same statement as the journal write they report; without it they are not kept.
   */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: { outbox?: boolean } = {},
  ) {}

  /** A data-modifying CTE inserting `events` into the outbox (for the statement's WITH). */
  private outboxInsert(events: readonly SagaEventRecord[] | undefined, guard = sql`true`) {
    if (!this.options.outbox || !events || events.length === 0) return null;
    const rows = events.map((event) => ({
      event_name: event.name,
      payload: event.payload,
      correlation_id: event.correlationId,
      causation_id: event.causationId,
    }));
    return sql`events AS (
      INSERT INTO outbox (event_name, payload, correlation_id, causation_id)
      SELECT e.event_name, e.payload, e.correlation_id, e.causation_id
      FROM jsonb_to_recordset(${jsonText(rows)}::jsonb)
        AS e(event_name text, payload jsonb, correlation_id text, causation_id text)
      WHERE ${guard}
      RETURNING 1
    )`;
  }

  async create(saga: NewSaga): Promise<void> {
    const events = this.outboxInsert(saga.events);
    try {
      await sql`
        ${events ? sql`WITH ${events}` : sql``}
        SELECT saga_journal_create(${saga.id}::uuid, ${saga.type}, ${saga.version}::int,
          ${saga.businessKey}, ${jsonText(saga.input)}::jsonb, ${saga.owner}, ${wholeMs(saga.leaseMs)}::int,
          ${saga.steps.map((step) => step.name)}::text[],
          ${saga.steps.map((step) => step.position)}::int[],
          ${saga.steps.map((step) => step.started)}::boolean[],
          ${saga.trace?.traceparent ?? null}::text, ${saga.trace?.tracestate ?? null}::text)
      `.execute(this.db);
    } catch (error) {
      if (isUniqueViolation(error, LIVE_BUSINESS_KEY_INDEX)) throw new SagaConflictError(saga.type);
      if (isUniqueViolation(error, 'sagas_pkey')) throw new SagaExistsError(saga.id);
      throw error;
    }
  }

  async write(fence: JournalFence, write: JournalWrite): Promise<boolean> {
    const results: Record<string, unknown> = {};
    const scrub: string[] = [...(write.scrubInput ?? [])];
    for (const change of write.steps) {
      if (change.state !== 'completed') continue;
      results[change.name] = change.result ?? null;
      scrub.push(...(change.scrubInput ?? []));
    }
    const failure = write.saga?.state === 'compensating' ? jsonText(write.saga.failure) : null;
    const steps = write.steps.length > 0 ? jsonText(write.steps.map(stepRow)) : null;
    const journalWrite = sql`
      SELECT saga_journal_write(${fence.sagaId}::uuid, ${fence.owner}, ${wholeMs(fence.leaseMs)}::int,
        ${write.saga?.state ?? null}::text, ${failure}::jsonb,
        ${Object.keys(results).length > 0 ? jsonText(results) : null}::jsonb, ${scrub.length > 0 ? scrub : null}::text[],
        ${steps}::jsonb) AS written`;
    // The events go in only if the fenced write did: `journal` runs once, before them.
    const events = this.outboxInsert(write.events, sql`(SELECT written FROM journal)`);
    const { rows } = events
      ? await sql<{ written: boolean }>`
          WITH journal AS MATERIALIZED (${journalWrite}), ${events}
          SELECT written FROM journal
        `.execute(this.db)
      : await sql<{ written: boolean }>`${journalWrite}`.execute(this.db);
    return rows[0]?.written === true;
  }

  async renewLeases(owner: string, sagaIds: readonly string[], leaseMs: number): Promise<string[]> {
    if (sagaIds.length === 0) return [];
    const { rows } = await sql<{ id: string }>`
      UPDATE sagas SET lease_expires_at = ${leaseEnd(leaseMs)}
      WHERE id = ANY(${[...sagaIds]}::uuid[]) AND lease_owner = ${owner} AND state IN ${LIVE}
        AND next_attempt_at IS NULL
      RETURNING id
    `.execute(this.db);
    return rows.map((row) => row.id);
  }

  async claimExpired(owner: string, leaseMs: number, limit: number): Promise<SagaRecord[]> {
    const { rows } = await sql<SagaRow>`
      UPDATE sagas SET lease_owner = ${owner}, lease_expires_at = ${leaseEnd(leaseMs)}, updated_at = now(),
        next_attempt_at = NULL
      WHERE id IN (
        SELECT id FROM sagas
        WHERE state IN ${LIVE} AND flagged IS NULL AND lease_expires_at < now()
        ORDER BY updated_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING ${SAGA_COLUMNS}
    `.execute(this.db);
    return rows.map(toRecord);
  }

  async flag(sagaId: string, owner: string, reason: string): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`
      UPDATE sagas SET flagged = ${reason}, updated_at = now()
      WHERE id = ${sagaId} AND lease_owner = ${owner}
      RETURNING id
    `.execute(this.db);
    return rows.length === 1;
  }

  async defer(fence: JournalFence, deferral: CompensationDeferral): Promise<boolean> {
    const steps = deferral.steps.map(({ name, error }) => ({ name, error }));
    const { rows } = await sql<{ written: number }>`
      WITH saga AS (
        UPDATE sagas SET
          updated_at = now(),
          lease_expires_at = ${leaseEnd(deferral.delayMs)},
          next_attempt_at = ${leaseEnd(deferral.delayMs)},
          deferrals = deferrals + 1,
          deferred_since = coalesce(deferred_since, ${deferral.since}::timestamptz)
        WHERE id = ${fence.sagaId} AND lease_owner = ${fence.owner} AND state = 'compensating'
        RETURNING id
      ), steps AS (
        UPDATE saga_steps AS s SET error = c.error
        FROM jsonb_to_recordset(${jsonText(steps)}::jsonb) AS c(name text, error jsonb)
        WHERE s.saga_id IN (SELECT id FROM saga) AND s.name = c.name
        RETURNING 1
      )
      SELECT count(*)::int AS written FROM saga
    `.execute(this.db);
    return rows[0]?.written === 1;
  }

  async list(query: SagaListQuery): Promise<{ sagas: SagaRecord[]; total: number }> {
    const conditions = [sql`true`];
    if (query.state) conditions.push(sql`state = ${query.state}`);
    if (query.type) conditions.push(sql`type = ${query.type}`);
    if (query.from) conditions.push(sql`created_at >= ${query.from}`);
    if (query.to) conditions.push(sql`created_at < ${query.to}`);
    const where = sql.join(conditions, sql` AND `);
    const [page, count] = await Promise.all([
      sql<SagaRow>`
        SELECT ${SAGA_COLUMNS} FROM sagas WHERE ${where}
        ORDER BY created_at DESC, id DESC LIMIT ${query.limit} OFFSET ${query.offset}
      `.execute(this.db),
      sql<{ total: number }>`SELECT count(*)::int AS total FROM sagas WHERE ${where}`.execute(
        this.db,
      ),
    ]);
    return { sagas: page.rows.map(toRecord), total: count.rows[0]?.total ?? 0 };
  }

  async retryCompensation(
    sagaId: string,
    by: string,
    events?: readonly SagaEventRecord[],
  ): Promise<OperatorRetryResult> {
    let retried: boolean;
    const retry = sql`
      UPDATE sagas SET
        state = 'compensating', lease_owner = NULL, lease_expires_at = now() - interval '1 millisecond',
        next_attempt_at = NULL, deferrals = 0, deferred_since = NULL, updated_at = now(),
        operator_retries = operator_retries || jsonb_build_array(
          jsonb_build_object('by', ${by}::text, 'at', to_jsonb(now())))
      WHERE id = ${sagaId} AND state = 'compensation_failed'
      RETURNING id`;
    // The events go in only if the saga was retried.
    const outbox = this.outboxInsert(events, sql`EXISTS (SELECT 1 FROM retried)`);
    try {
      const { rows } = outbox
        ? await sql<{ id: string }>`
            WITH retried AS (${retry}), ${outbox}
            SELECT id FROM retried
          `.execute(this.db)
        : await sql<{ id: string }>`${retry}`.execute(this.db);
      retried = rows.length === 1;
    } catch (error) {
      if (isUniqueViolation(error, LIVE_BUSINESS_KEY_INDEX)) return 'conflict';
      if (isInvalidTextRepresentation(error)) return 'not_found';
      throw error;
    }
    if (retried) return 'retried';
    return (await this.get(sagaId)) ? 'not_failed' : 'not_found';
  }

  async get(sagaId: string): Promise<SagaRecord | null> {
    try {
      const { rows } =
        await sql<SagaRow>`SELECT ${SAGA_COLUMNS} FROM sagas WHERE id = ${sagaId}`.execute(this.db);
      return rows[0] ? toRecord(rows[0]) : null;
    } catch (error) {
      if (isInvalidTextRepresentation(error)) return null; // not a uuid
      throw error;
    }
  }
}

function wholeMs(ms: number): number {
  return Math.max(1, Math.round(ms));
}

function leaseEnd(ms: number) {
  return sql`now() + ${wholeMs(ms)}::int * interval '1 millisecond'`;
}

function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** One element of the jsonb_to_recordset argument; a null error is left out (SQL NULL). */
function stepRow(change: StepChange) {
  const started = change.state === 'started' ? 1 : 0;
  const compensating = change.state === 'compensating' ? 1 : 0;
  const error = 'error' in change && change.error ? change.error : undefined;
  // the step's own copy of its result (0101_saga_step_results); JSON null becomes SQL NULL
  const result = change.state === 'completed' ? (change.result ?? undefined) : undefined;
  return {
    name: change.name,
    state: change.state,
    attempts: started,
    compensation_attempts: compensating,
    error,
    result,
  };
}

function toRecord(row: SagaRow): SagaRecord {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    state: row.state,
    businessKey: row.business_key,
    input: row.input,
    results: row.results,
    failure: row.failure,
    flagged: row.flagged,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    steps: row.steps.map(toStepRecord),
    nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
    deferrals: row.deferrals,
    deferredSince: row.deferred_since?.toISOString() ?? null,
    operatorRetries: row.operator_retries.map(({ by, at }) => ({
      by,
      at: new Date(at).toISOString(),
    })),
    trace: row.traceparent
      ? { traceparent: row.traceparent, ...(row.tracestate ? { tracestate: row.tracestate } : {}) }
      : null,
  };
}

function toStepRecord(step: StepJson): SagaStepRecord {
  return {
    name: step.name,
    state: step.state,
    attempts: step.attempts,
    compensationAttempts: step.compensation_attempts,
    startedAt: isoOrNull(step.started_at),
    finishedAt: isoOrNull(step.finished_at),
    error: step.error,
    result: step.result ?? null,
  };
}

function isoOrNull(text: string | null): string | null {
  return text === null ? null : new Date(text).toISOString();
}
