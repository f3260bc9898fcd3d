import { createRetiredIdsTable, sql, type Migration } from '@medicalink/persistence';

export const directoryMigrations: Record<string, Migration> = {
  '0001_doctors_and_hospitals': {
    async up(db) {
      await db.schema
        .createTable('hospitals')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('city', 'text')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('doctors')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('account_id', 'uuid', (col) => col.notNull().unique())
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('display_name_as_of', 'timestamptz')
        .addColumn('specialty', 'text', (col) => col.notNull())
        // stored upper-cased, so the unique constraint is case-insensitive
        .addColumn('license_number', 'text', (col) => col.notNull().unique())
        .addColumn('bio', 'text')
        .addColumn('hospital_ids', sql`uuid[]`, (col) => col.notNull().defaultTo(sql`'{}'::uuid[]`))
        .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('doctors_specialty_idx')
        .on('doctors')
        .expression(sql`lower(specialty)`)
        .execute();
      await db.schema
        .createIndex('doctors_display_name_idx')
        .on('doctors')
        .columns(['display_name', 'id'])
        .execute();
    },
  },
  '0002_retired_ids': {
    async up(db) {
      await createRetiredIdsTable(db);
    },
  },
};
