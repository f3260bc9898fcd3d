import { sql, type Kysely, type Migration } from '@medicalink/persistence';
import { loadReferenceData, shippedReferenceData } from './reference-data';

const reference = shippedReferenceData();

/**
 * The college check's fuzzy search. A trigram search over whole names is slow on a large set
 * because every "... College of ..." shares the trigrams of "college": an index finds tens of
 * thousands of candidates that all need rechecking. So names are also kept as word arrays, and
 * every distinct word with the number of colleges using it (kept by a trigger): a misspelt name
 * finds its similar words in that small vocabulary (trigram index), the rarest of them pick the
 * candidate colleges (array index), and only those are ranked by whole-name similarity.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run untyped
async function createCollegeVocabulary(db: Kysely<any>): Promise<void> {
  await sql`alter table colleges add column words text[] not null
    generated always as (string_to_array(education_normalize(name), ' ')) stored`.execute(db);
  await sql`create index colleges_words_idx on colleges using gin (words)`.execute(db);
  await db.schema
    .createTable('college_words')
    .addColumn('word', 'text', (col) => col.primaryKey())
    .addColumn('colleges', 'integer', (col) => col.notNull())
    .execute();
  await sql`create index college_words_trgm_idx on college_words using gin (word gin_trgm_ops)`.execute(
    db,
  );
  await sql`
    create function education_count_college_words() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update college_words set colleges = colleges - 1
        where word in (select distinct unnest(old.words));
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into college_words (word, colleges)
        select distinct w, 1 from unnest(new.words) as w where w <> ''
        on conflict (word) do update set colleges = college_words.colleges + 1;
      end if;
      return null;
    end $$
  `.execute(db);
  await sql`create trigger colleges_count_words after insert or delete or update of name
    on colleges for each row execute function education_count_college_words()`.execute(db);
}

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
      // the lookup's fuzzy search: word similarity (<%) on the normalized name
      await sql`create index colleges_normalized_name_trgm_idx on colleges using gin (normalized_name gin_trgm_ops)`.execute(
        db,
      );
      await createCollegeVocabulary(db);
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
