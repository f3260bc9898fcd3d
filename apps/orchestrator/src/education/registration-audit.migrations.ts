import { sql, type Migration } from '@medicalink/persistence';

/** The audit trail of education registrations (orchestrator database). */
export const educationRegistrationMigrations: Record<string, Migration> = {
  '2000_education_registration_audit': {
    async up(db) {
      // Kept after the session (in Redis) expires: the trail outlives the draft.
      await db.schema
        .createTable('education_registration_audit')
        .addColumn('id', 'bigserial', (col) => col.primaryKey())
        .addColumn('session_id', 'uuid', (col) => col.notNull())
        .addColumn('owner_id', 'uuid', (col) => col.notNull())
        .addColumn('user_business_id', 'text', (col) => col.notNull())
        .addColumn('actor_id', 'uuid', (col) => col.notNull())
        .addColumn('actor_privilege', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (col) => col.notNull())
        .addColumn('outcome', 'text', (col) =>
          col.notNull().check(sql`outcome in ('succeeded', 'failed', 'refused')`),
        )
        .addColumn('detail', 'jsonb')
        .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('education_registration_audit_session_idx')
        .on('education_registration_audit')
        .columns(['session_id', 'id'])
        .execute();
    },
  },
  '2001_education_registration_audit_owner': {
    async up(db) {
      // The registrations list: an owner's own sessions, newest first.
      await db.schema
        .createIndex('education_registration_audit_owner_idx')
        .on('education_registration_audit')
        .columns(['owner_id', 'session_id'])
        .execute();
    },
  },
};
