import { sql } from 'kysely';
import type { Migration } from './migrations';

const createTables: Migration = {
  async up(db) {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('seq', 'bigserial', (col) => col.notNull().unique())
      .addColumn('event_name', 'text', (col) => col.notNull())
      .addColumn('payload', 'jsonb', (col) => col.notNull())
      .addColumn('correlation_id', 'text')
      .addColumn('causation_id', 'text')
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addColumn('published_at', 'timestamptz')
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .execute();
    await db.schema
      .createIndex('outbox_unpublished_seq_idx')
      .on('outbox')
      .column('seq')
      .where(sql.ref('published_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('outbox_published_at_idx')
      .on('outbox')
      .column('published_at')
      .where(sql.ref('published_at'), 'is not', null)
      .execute();

    await db.schema
      .createTable('processed_messages')
      .addColumn('consumer', 'text', (col) => col.notNull())
      .addColumn('message_id', 'text', (col) => col.notNull())
      .addColumn('processed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('processed_messages_pkey', ['consumer', 'message_id'])
      .execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('command', 'text', (col) => col.notNull())
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('request_hash', 'text', (col) => col.notNull())
      .addColumn('response', 'jsonb')
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('idempotency_keys_pkey', ['command', 'key'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('idempotency_keys').execute();
    await db.schema.dropTable('processed_messages').execute();
    await db.schema.dropTable('outbox').execute();
  },
};

const createRedeliveryCounts: Migration = {
  async up(db) {
    await db.schema
      .createTable('redelivered_messages')
      .addColumn('consumer', 'text', (col) => col.notNull())
      .addColumn('message_key', 'text', (col) => col.notNull())
      .addColumn('redeliveries', 'integer', (col) => col.notNull())
      .addColumn('last_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('redelivered_messages_pkey', ['consumer', 'message_key'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('redelivered_messages').execute();
  },
};

/**
 * Request hashes written before secret fields were left out of them (an unsalted SHA-256 of a
 * JSON that held the password) tested password guesses cheaply: they are blanked. A blank hash
 * is not compared on replay.
 */
const blankSecretBearingHashes: Migration = {
  async up(db) {
    await sql`UPDATE idempotency_keys SET request_hash = ''`.execute(db);
  },
};

/** The trace context of the transaction that wrote a row, so its publication continues it. */
const addOutboxTraceparent: Migration = {
  async up(db) {
    await db.schema.alterTable('outbox').addColumn('traceparent', 'text').execute();
  },
  async down(db) {
    await db.schema.alterTable('outbox').dropColumn('traceparent').execute();
  },
};

/**
 * runIdempotent's first statement (see claimCommand): the idempotency key claimed or its stored
 * reply read, then the id the command creates locked and checked against retired_ids. PL/pgSQL
 * on purpose: a VOLATILE function takes a fresh snapshot per statement under READ COMMITTED, so
 * the read after a key conflict sees the row the other transaction committed, and the retired
 * check sees a delete that committed while the lock was awaited (what separate statements gave).
 * The id is hashed as the caller wrote it, as lockId does, so both take the same lock.
 * retired_ids belongs to the apps that retire ids; it is looked up only when an id is given.
 */
const addClaimCommand: Migration = {
  async up(db) {
    await sql`
      CREATE FUNCTION persistence_claim_command(p_command text, p_key text, p_hash text, p_live_id text)
      RETURNS TABLE (claimed boolean, request_hash text, response jsonb, retired boolean)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        IF p_key IS NOT NULL THEN
          INSERT INTO idempotency_keys (command, key, request_hash, response)
          VALUES (p_command, p_key, p_hash, NULL)
          ON CONFLICT (command, key) DO NOTHING;
          IF NOT FOUND THEN
            RETURN QUERY SELECT false, k.request_hash, k.response, false
              FROM idempotency_keys k WHERE k.command = p_command AND k.key = p_key;
            RETURN;
          END IF;
        END IF;
        IF p_live_id IS NULL THEN
          RETURN QUERY SELECT true, NULL::text, NULL::jsonb, false;
          RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended(p_live_id, 0));
        RETURN QUERY SELECT true, NULL::text, NULL::jsonb,
          EXISTS (SELECT 1 FROM retired_ids r WHERE r.id = p_live_id::uuid);
      END $$
    `.execute(db);
  },
  async down(db) {
    await sql`DROP FUNCTION persistence_claim_command(text, text, text, text)`.execute(db);
  },
};

/**
 * The library's own tables; merge them with an app's migrations (theirs start at 0001_ and
 * sort after these; the library's later additions are named 0000_persistence_tables_<n>_*).
 */
export const persistenceMigrations: Record<string, Migration> = {
  '0000_persistence_tables': createTables,
  '0000_persistence_tables_2_redelivered_messages': createRedeliveryCounts,
  '0000_persistence_tables_3_blank_request_hashes': blankSecretBearingHashes,
  '0000_persistence_tables_4_outbox_traceparent': addOutboxTraceparent,
  '0000_persistence_tables_5_claim_command': addClaimCommand,
};
