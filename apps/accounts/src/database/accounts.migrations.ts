import { createRetiredIdsTable, sql, type Migration } from '@medicalink/persistence';

export const accountsMigrations: Record<string, Migration> = {
  '0001_accounts': {
    async up(db) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        // stored lower-cased, so the unique constraint is case-insensitive
        .addColumn('email', 'text', (col) => col.notNull().unique())
        .addColumn('password_hash', 'text', (col) => col.notNull())
        .addColumn('full_name', 'text', (col) => col.notNull())
        .addColumn('dob', 'date')
        .addColumn('phone', 'text')
        .addColumn('privilege', 'text', (col) =>
          col.notNull().check(sql`privilege in ('owner', 'admin', 'main')`),
        )
        .addColumn('organization_id', 'uuid')
        .addColumn('membership_expires_at', 'timestamptz')
        .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('permissions')
        .addColumn('name', 'text', (col) => col.primaryKey())
        .addColumn('description', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('account_permissions')
        .addColumn('account_id', 'uuid', (col) =>
          col.notNull().references('accounts.id').onDelete('cascade'),
        )
        .addColumn('permission', 'text', (col) => col.notNull().references('permissions.name'))
        .addColumn('granted_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('account_permissions_pkey', ['account_id', 'permission'])
        .execute();
    },
  },
  '0002_retired_ids': {
    async up(db) {
      await createRetiredIdsTable(db);
    },
  },
  /** raised by deactivation, privilege and password changes: tokens of an older version are refused */
  '0003_token_version': {
    async up(db) {
      await db.schema
        .alterTable('accounts')
        .addColumn('token_version', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
    },
  },
  '0004_business_id': {
    async up(db) {
      // optional and unique: the business id a person is known by (education records name it)
      await db.schema
        .alterTable('accounts')
        .addColumn('business_id', 'text', (col) => col.unique())
        .execute();
    },
  },
  /**
   * Refresh tokens: a family per sign-in, a row per token issued in it (its SHA-256 only). Rows
   * of used tokens stay until the family ends, so presenting one again is recognised as reuse.
   */
  '0005_refresh_tokens': {
    async up(db) {
      await db.schema
        .createTable('refresh_token_families')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('account_id', 'uuid', (col) =>
          col.notNull().references('accounts.id').onDelete('cascade'),
        )
        .addColumn('lifetime', 'text', (col) =>
          col.notNull().check(sql`lifetime in ('session', 'remember')`),
        )
        // the account's token version at sign-in: once it moves on, the family is dead
        .addColumn('token_version', 'integer', (col) => col.notNull())
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
        .addColumn('idle_sec', 'integer', (col) => col.notNull())
        .addColumn('revoked_at', 'timestamptz')
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema
        .createIndex('refresh_token_families_account_idx')
        .on('refresh_token_families')
        .column('account_id')
        .execute();
      await db.schema
        .createTable('refresh_tokens')
        .addColumn('token_hash', 'bytea', (col) => col.primaryKey())
        .addColumn('family_id', 'uuid', (col) =>
          col.notNull().references('refresh_token_families.id').onDelete('cascade'),
        )
        .addColumn('issued_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        // set when it was exchanged for its successor: from then on, presenting it is reuse
        .addColumn('used_at', 'timestamptz')
        .execute();
      await db.schema
        .createIndex('refresh_tokens_family_idx')
        .on('refresh_tokens')
        .column('family_id')
        .execute();
    },
  },
};
