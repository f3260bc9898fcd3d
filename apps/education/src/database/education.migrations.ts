import { sql, type Migration } from '@medicalink/persistence';
import { loadReferenceData, shippedReferenceData } from './reference-data';

const reference = shippedReferenceData();

export const educationMigrations: Record<string, Migration> = {
  '0001_reference_tables': {
    async up(db) {
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`create extension if not exists unaccent`.execute(db);
      // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes
      // the wrapper safe to declare IMMUTABLE, which a generated column and an index require.
      await sql`
        create function education_normalize(text) returns text
        language sql immutable parallel safe strict
        as $$ select btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, $1)), '\\s+', ' ', 'g')) $$
      `.execute(db);
      await db.schema
        .createTable('countries')
        .addColumn('code', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('universities')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('country', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('universities_country_idx')
        .on('universities')
        .column('country')
        .execute();
      await db.schema
        .createTable('colleges')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('country', 'text', (col) => col.notNull())
        .addColumn('university_id', 'text')
        .addColumn('normalized_name', 'text', (col) =>
          col
            .notNull()
            .generatedAlwaysAs(sql`education_normalize(name)`)
            .stored(),
        )
        .execute();
      // exact (normalized) matches in any country, and a country's colleges by name
      await db.schema
        .createIndex('colleges_normalized_name_idx')
        .on('colleges')
        .columns(['normalized_name', 'country'])
        .execute();
      await db.schema
        .createIndex('colleges_country_name_idx')
        .on('colleges')
        .columns(['country', 'name'])
        .execute();
      // the fuzzy search: trigram similarity (%) and word similarity (<%) on the normalized name
      await sql`create index colleges_normalized_name_trgm_idx on colleges using gin (normalized_name gin_trgm_ops)`.execute(
        db,
      );
      await db.schema
        .createTable('reference_data')
        .addColumn('version', 'text', (col) => col.primaryKey())
        .addColumn('loaded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  '0002_education_records': {
    async up(db) {
      await db.schema
        .createTable('education_records')
        .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
        // one record per registration session: a repeated create finds it
        .addColumn('session_id', 'text', (col) => col.notNull().unique())
        // one record per person
        .addColumn('user_business_id', 'text', (col) => col.notNull().unique())
        .addColumn('account_id', 'uuid', (col) => col.notNull())
        .addColumn('graduation_year', 'integer', (col) => col.notNull())
        .addColumn('university', 'text', (col) => col.notNull())
        .addColumn('country', 'text', (col) => col.notNull())
        .addColumn('degree_type', 'text', (col) =>
          col
            .notNull()
            .check(sql`degree_type in ('diploma', 'bachelors', 'masters', 'doctorate', 'other')`),
        )
        .addColumn('college', 'text')
        .addColumn('access_modifier', 'text', (col) =>
          col.notNull().check(sql`access_modifier in ('public', 'private', 'protected')`),
        )
        .addColumn('category', 'text', (col) =>
          col.notNull().check(sql`category in ('student', 'new_graduated', 'graduated')`),
        )
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('education_records_created_idx')
        .on('education_records')
        .columns(['created_at', 'id'])
        .execute();
    },
  },
  // Named after the data version: a new version of apps/education/data loads once, at start.
  [`1000_reference_data_${reference.version}`]: {
    async up(db) {
      await loadReferenceData(db, reference);
    },
  },
};
