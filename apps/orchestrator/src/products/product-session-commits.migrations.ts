import { sql, type Migration } from '@medicalink/persistence';

/** Product session commits (orchestrator database). */
export const productSessionCommitMigrations: Record<string, Migration> = {
  '3000_product_session_commits': {
    async up(db) {
      // Written before the product is created: whose session it was and what its commit
      // answered, for when the draft in Redis is deleted after the commit, or lost.
      await db.schema
        .createTable('product_session_commits')
        .addColumn('session_id', 'text', (col) => col.primaryKey())
        .addColumn('owner_id', 'text', (col) => col.notNull())
        .addColumn('operation_id', 'text', (col) => col.notNull())
        .addColumn('has_target', 'boolean', (col) => col.notNull())
        .addColumn('session_created_at', 'timestamptz', (col) => col.notNull())
        .addColumn('committed_version', 'integer', (col) => col.notNull())
        .addColumn('started_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
};
