import type { ErrorEnvelope } from '@medicalink/contracts';
import { sql, type ColumnType, type Migration } from '@medicalink/persistence';
import type { OperatorRetry, SagaFailure, SagaState, SagaStepState } from './definition';

/** jsonb: read as data, written as JSON text */
type Json<T> = ColumnType<T, string, string>;

export interface SagasTable {
  id: string;
  type: string;
  version: number;
  state: SagaState;
  business_key: string;
  input: Json<unknown>;
  results: ColumnType<Record<string, unknown>, string | undefined, string>;
  failure: ColumnType<SagaFailure | null, string | null, string | null>;
  flagged: string | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  /** 0120: compensation waiting out an outage, and operator retries */
  next_attempt_at: ColumnType<Date | null, never, Date | null>;
  deferrals: ColumnType<number, never, number>;
  deferred_since: ColumnType<Date | null, never, Date | null>;
  operator_retries: ColumnType<OperatorRetry[], never, string>;
  /** 0130: the W3C trace context the saga was started in */
  traceparent: ColumnType<string | null, never, never>;
  tracestate: ColumnType<string | null, never, never>;
}

export interface SagaStepsTable {
  saga_id: string;
  name: string;
  position: number;
  state: SagaStepState;
  attempts: ColumnType<number, number | undefined, number>;
  compensation_attempts: ColumnType<number, number | undefined, number>;
  started_at: Date | null;
  finished_at: Date | null;
  error: ColumnType<ErrorEnvelope | null, string | null, string | null>;
  /** the step's result (0101_saga_step_results) */
  result: ColumnType<unknown, string | null | undefined, string | null>;
}

/** The tables `sagaMigrations` creates; an app's DB interface can extend this. */
export interface SagaTables {
  sagas: SagasTable;
  saga_steps: SagaStepsTable;
}

/** Live sagas: the partial unique index below also serves recovery's scan for expired leases. */
export const LIVE_BUSINESS_KEY_INDEX = 'sagas_live_business_key_idx';

/*
 * The two hot-path writes are PL/pgSQL functions: a function keeps the plans of its statements
 * per connection, where the same statements sent as SQL are parsed and planned on every call
 * (planning them cost more than running them: the function call is ~3x faster). One call = one statement,
 * so each write stays atomic.
 */
const CREATE_FUNCTION = `
CREATE FUNCTION saga_journal_create(
  p_id uuid, p_type text, p_version integer, p_business_key text, p_input jsonb,
  p_owner text, p_lease_ms integer, p_names text[], p_positions integer[], p_started boolean[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sagas (id, type, version, state, business_key, input, lease_owner, lease_expires_at)
  VALUES (p_id, p_type, p_version, 'running', p_business_key, p_input, p_owner,
    now() + p_lease_ms * interval '1 millisecond');
  INSERT INTO saga_steps (saga_id, name, position, state, attempts, started_at)
  SELECT p_id, step.name, step.position,
    CASE WHEN step.started THEN 'started' ELSE 'pending' END,
    CASE WHEN step.started THEN 1 ELSE 0 END,
    CASE WHEN step.started THEN now() END
  FROM unnest(p_names, p_positions, p_started) AS step(name, position, started);
END $$`;

/**
 * Fenced: changes nothing and returns false unless the saga is live and leased to p_owner.
 * p_steps is a JSON array of {name, state, attempts, compensation_attempts, error}, where the
 * attempt fields are increments.
 */
const WRITE_FUNCTION = `
CREATE FUNCTION saga_journal_write(
  p_id uuid, p_owner text, p_lease_ms integer, p_state text, p_failure jsonb,
  p_results jsonb, p_scrub text[], p_steps jsonb
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  written integer;
BEGIN
  UPDATE sagas SET
    updated_at = now(),
    state = coalesce(p_state, state),
    lease_expires_at = CASE WHEN coalesce(p_state, state) IN ('running', 'compensating')
      THEN now() + p_lease_ms * interval '1 millisecond' END,
    failure = coalesce(p_failure, failure),
    results = CASE WHEN p_results IS NULL THEN results ELSE results || p_results END,
    input = CASE WHEN p_scrub IS NULL THEN input ELSE input - p_scrub END
  WHERE id = p_id AND lease_owner = p_owner AND state IN ('running', 'compensating');
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF p_steps IS NOT NULL THEN
    UPDATE saga_steps AS s SET
      state = c.state,
      attempts = s.attempts + c.attempts,
      compensation_attempts = s.compensation_attempts + c.compensation_attempts,
      started_at = CASE WHEN c.state = 'started' THEN coalesce(s.started_at, now()) ELSE s.started_at END,
      finished_at = CASE WHEN c.state IN ('completed', 'failed', 'compensated', 'compensation_failed')
        THEN now() ELSE s.finished_at END,
      -- the last failure is kept until a newer one replaces it
      error = coalesce(c.error, s.error)
    FROM jsonb_to_recordset(p_steps)
      AS c(name text, state text, attempts integer, compensation_attempts integer, error jsonb)
    WHERE s.saga_id = p_id AND s.name = c.name;
    GET DIAGNOSTICS written = ROW_COUNT;
    IF written <> jsonb_array_length(p_steps) THEN
      RAISE EXCEPTION 'saga %: the journal has no row for some of the steps written', p_id;
    END IF;
  END IF;
  RETURN true;
END $$`;

const createSagaTables: Migration = {
  async up(db) {
    // fillfactor leaves room on each page so the per-step updates can stay HOT (no indexed column changes).
    await db.schema
      .createTable('sagas')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('state', 'text', (col) =>
        col
          .notNull()
          .check(
            sql`state IN ('running', 'completed', 'compensating', 'compensated', 'compensation_failed')`,
          ),
      )
      .addColumn('business_key', 'text', (col) => col.notNull())
      .addColumn('input', 'jsonb', (col) => col.notNull())
      .addColumn('results', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('failure', 'jsonb')
      .addColumn('flagged', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .modifyEnd(sql`WITH (fillfactor = 80)`)
      .execute();
    await db.schema
      .createIndex(LIVE_BUSINESS_KEY_INDEX)
      .on('sagas')
      .columns(['type', 'business_key'])
      .unique()
      .where(sql.ref('state'), 'in', ['running', 'compensating'])
      .execute();

    await db.schema
      .createTable('saga_steps')
      .addColumn('saga_id', 'uuid', (col) =>
        col.notNull().references('sagas.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('position', 'integer', (col) => col.notNull())
      .addColumn('state', 'text', (col) =>
        col
          .notNull()
          .check(
            sql`state IN ('pending', 'started', 'completed', 'failed', 'compensating', 'compensated', 'compensation_failed')`,
          ),
      )
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('compensation_attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('started_at', 'timestamptz')
      .addColumn('finished_at', 'timestamptz')
      .addColumn('error', 'jsonb')
      .addPrimaryKeyConstraint('saga_steps_pkey', ['saga_id', 'name'])
      .modifyEnd(sql`WITH (fillfactor = 80)`)
      .execute();

    await sql.raw(CREATE_FUNCTION).execute(db);
    await sql.raw(WRITE_FUNCTION).execute(db);
  },
  async down(db) {
    await sql`DROP FUNCTION saga_journal_write`.execute(db);
    await sql`DROP FUNCTION saga_journal_create`.execute(db);
    await db.schema.dropTable('saga_steps').execute();
    await db.schema.dropTable('sagas').execute();
  },
};

/**
 * saga_journal_write as in 0100, except that a step change may carry its `result`, which the
 * step row keeps (so a step's outcome is read from its own row, next to its error).
 */
const WRITE_FUNCTION_WITH_STEP_RESULTS = `
CREATE OR REPLACE FUNCTION saga_journal_write(
  p_id uuid, p_owner text, p_lease_ms integer, p_state text, p_failure jsonb,
  p_results jsonb, p_scrub text[], p_steps jsonb
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  written integer;
BEGIN
  UPDATE sagas SET
    updated_at = now(),
    state = coalesce(p_state, state),
    lease_expires_at = CASE WHEN coalesce(p_state, state) IN ('running', 'compensating')
      THEN now() + p_lease_ms * interval '1 millisecond' END,
    failure = coalesce(p_failure, failure),
    results = CASE WHEN p_results IS NULL THEN results ELSE results || p_results END,
    input = CASE WHEN p_scrub IS NULL THEN input ELSE input - p_scrub END
  WHERE id = p_id AND lease_owner = p_owner AND state IN ('running', 'compensating');
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF p_steps IS NOT NULL THEN
    UPDATE saga_steps AS s SET
      state = c.state,
      attempts = s.attempts + c.attempts,
      compensation_attempts = s.compensation_attempts + c.compensation_attempts,
      started_at = CASE WHEN c.state = 'started' THEN coalesce(s.started_at, now()) ELSE s.started_at END,
      finished_at = CASE WHEN c.state IN ('completed', 'failed', 'compensated', 'compensation_failed')
        THEN now() ELSE s.finished_at END,
      -- the last failure is kept until a newer one replaces it
      error = coalesce(c.error, s.error),
      result = CASE WHEN c.state = 'completed' THEN c.result ELSE s.result END
    FROM jsonb_to_recordset(p_steps)
      AS c(name text, state text, attempts integer, compensation_attempts integer, error jsonb, result jsonb)
    WHERE s.saga_id = p_id AND s.name = c.name;
    GET DIAGNOSTICS written = ROW_COUNT;
    IF written <> jsonb_array_length(p_steps) THEN
      RAISE EXCEPTION 'saga %: the journal has no row for some of the steps written', p_id;
    END IF;
  END IF;
  RETURN true;
END $$`;

const addStepResults: Migration = {
  async up(db) {
    await db.schema.alterTable('saga_steps').addColumn('result', 'jsonb').execute();
    await sql.raw(WRITE_FUNCTION_WITH_STEP_RESULTS).execute(db);
  },
  async down(db) {
    await sql
      .raw(WRITE_FUNCTION.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'))
      .execute(db);
    await db.schema.alterTable('saga_steps').dropColumn('result').execute();
  },
};

/**
 * Compensation that waits out an outage is handed back to the journal (next_attempt_at, how
 * many times, since when); operators who resumed a failed compensation are kept in order.
 * The index serves GET /sagas (newest first).
 */
const addCompensationDeferral: Migration = {
  async up(db) {
    await sql`
      ALTER TABLE sagas
        ADD COLUMN next_attempt_at timestamptz,
        ADD COLUMN deferrals integer NOT NULL DEFAULT 0,
        ADD COLUMN deferred_since timestamptz,
        ADD COLUMN operator_retries jsonb NOT NULL DEFAULT '[]'::jsonb
    `.execute(db);
    await sql`CREATE INDEX sagas_created_at_idx ON sagas (created_at DESC, id DESC)`.execute(db);
  },
  async down(db) {
    await sql`DROP INDEX sagas_created_at_idx`.execute(db);
    await sql`
      ALTER TABLE sagas DROP COLUMN next_attempt_at, DROP COLUMN deferrals,
        DROP COLUMN deferred_since, DROP COLUMN operator_retries
    `.execute(db);
  },
};

const CREATE_ARGUMENTS =
  'uuid, text, integer, text, jsonb, text, integer, text[], integer[], boolean[]';

/** saga_journal_create as 0130 has it: the saga row also keeps its W3C trace context. */
const CREATE_FUNCTION_WITH_TRACE = [
  ['p_started boolean[]\n)', 'p_started boolean[],\n  p_traceparent text, p_tracestate text\n)'],
  [
    'input, lease_owner, lease_expires_at)',
    'input, lease_owner, lease_expires_at, traceparent, tracestate)',
  ],
  [
    "now() + p_lease_ms * interval '1 millisecond');",
    "now() + p_lease_ms * interval '1 millisecond', p_traceparent, p_tracestate);",
  ],
].reduce((text, [from, to]) => {
  if (!text.includes(from!)) throw new Error(`saga_journal_create no longer has ${from}`);
  return text.replace(from!, to!);
}, CREATE_FUNCTION);

/**
 * A saga keeps the trace context of the span that started it, so that recovery, resuming it in
 * another process (after a restart, a deferral, an operator's retry), continues that trace.
 */
const addTraceContext: Migration = {
  async up(db) {
    await sql`ALTER TABLE sagas ADD COLUMN traceparent text, ADD COLUMN tracestate text`.execute(
      db,
    );
    await sql.raw(`DROP FUNCTION saga_journal_create(${CREATE_ARGUMENTS})`).execute(db);
    await sql.raw(CREATE_FUNCTION_WITH_TRACE).execute(db);
  },
  async down(db) {
    await sql.raw(`DROP FUNCTION saga_journal_create(${CREATE_ARGUMENTS}, text, text)`).execute(db);
    await sql.raw(CREATE_FUNCTION).execute(db);
    await sql`ALTER TABLE sagas DROP COLUMN traceparent, DROP COLUMN tracestate`.execute(db);
  },
};

/** Merge with an app's migrations; names start at 0100_ so they sort after the persistence ones. */
export const sagaMigrations: Record<string, Migration> = {
  '0100_saga_tables': createSagaTables,
  '0101_saga_step_results': addStepResults,
  '0120_saga_compensation_deferral': addCompensationDeferral,
  '0130_saga_trace_context': addTraceContext,
};
