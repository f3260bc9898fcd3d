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
  '0003_schedules': {
    async up(db) {
      await db.schema.alterTable('hospitals').addColumn('roster_source_url', 'text').execute();
      await db.schema
        .createTable('schedule_versions')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('hospital_id', 'uuid', (col) => col.notNull().references('hospitals.id'))
        .addColumn('import_id', 'uuid', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull().check(sql`status IN ('DRAFT')`))
        .addColumn('source_file', 'text', (col) => col.notNull())
        .addColumn('shift_count', 'integer', (col) => col.notNull())
        .addColumn('coverage', 'jsonb')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('schedule_shifts')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        // No foreign key to schedule_versions: its check runs once per row and made storing a
        // 50,000-shift file half as slow again. Shifts are only written in the transaction that
        // creates their version, and deleted with it (SchedulesRepository.deleteVersion).
        .addColumn('version_id', 'uuid', (col) => col.notNull())
        .addColumn('sheet', 'text', (col) => col.notNull())
        .addColumn('row_number', 'integer', (col) => col.notNull())
        .addColumn('shift_date', 'date', (col) => col.notNull())
        .addColumn('start_time', 'text', (col) => col.notNull())
        .addColumn('end_time', 'text', (col) => col.notNull())
        .addColumn('overnight', 'boolean', (col) => col.notNull())
        .addColumn('unit', 'text', (col) => col.notNull())
        .addColumn('shift_name', 'text', (col) => col.notNull())
        .addColumn('required', 'integer', (col) => col.notNull().check(sql`required >= 1`))
        .execute();
      // version_id only: every read is by version, and a wider key made the bulk insert of a
      // large spreadsheet a third slower (a version's page is sorted from its own rows)
      await db.schema
        .createIndex('schedule_shifts_version_idx')
        .on('schedule_shifts')
        .column('version_id')
        .execute();
      await db.schema
        .createTable('schedule_assignments')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('version_id', 'uuid', (col) =>
          col.notNull().references('schedule_versions.id').onDelete('cascade'),
        )
        .addColumn('shift_id', 'uuid', (col) =>
          col.notNull().references('schedule_shifts.id').onDelete('cascade'),
        )
        .addColumn('doctor_id', 'uuid', (col) => col.notNull())
        .addColumn('matched_by', 'text', (col) => col.notNull())
        .addUniqueConstraint('schedule_assignments_shift_doctor_key', ['shift_id', 'doctor_id'])
        .execute();
      await db.schema
        .createIndex('schedule_assignments_version_idx')
        .on('schedule_assignments')
        .column('version_id')
        .execute();
      await db.schema
        .createTable('schedule_coverage')
        .addColumn('shift_id', 'uuid', (col) =>
          col.primaryKey().references('schedule_shifts.id').onDelete('cascade'),
        )
        .addColumn('version_id', 'uuid', (col) =>
          col.notNull().references('schedule_versions.id').onDelete('cascade'),
        )
        .addColumn('required', 'integer', (col) => col.notNull())
        .addColumn('assigned', 'integer', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('schedule_coverage_version_idx')
        .on('schedule_coverage')
        .column('version_id')
        .execute();
    },
  },
};
