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
  await sql`
    create function education_words(text) returns text[]
    language sql immutable parallel safe strict
    as $$ select array_remove(regexp_split_to_array(education_normalize($1), '[^[:alnum:]]+'), '') $$
  `.execute(db);
  await sql`alter table colleges add column words text[] not null
    generated always as (education_words(name)) stored`.execute(db);
  // fastupdate off: a bulk load must not leave a pending list that every search then scans
  await sql`create index colleges_words_idx on colleges using gin (words) with (fastupdate = off)`.execute(
    db,
  );
  await db.schema
    .createTable('college_words')
    .addColumn('word', 'text', (col) => col.primaryKey())
    .addColumn('colleges', 'integer', (col) => col.notNull())
    .execute();
  await sql`create index college_words_trgm_idx on college_words using gin (word gin_trgm_ops) with (fastupdate = off)`.execute(
    db,
  );
  // Statement-level, on the transition tables: a bulk load updates each word's count once,
  // not once per college (a row trigger rewrote the row of "college" tens of thousands of times).
  await sql`
    create function education_add_college_words() returns trigger language plpgsql as $$
    begin
      insert into college_words (word, colleges)
      select w, count(distinct changed.id) from changed_rows changed, unnest(changed.words) as w
      group by w
      on conflict (word) do update set colleges = college_words.colleges + excluded.colleges;
      return null;
    end $$
  `.execute(db);
  await sql`
    create function education_remove_college_words() returns trigger language plpgsql as $$
    begin
      update college_words set colleges = college_words.colleges - gone.colleges
      from (
        select w, count(distinct removed.id) as colleges
        from removed_rows removed, unnest(removed.words) as w group by w
      ) gone
      where college_words.word = gone.w;
      return null;
    end $$
  `.execute(db);
  await sql`create trigger colleges_words_inserted after insert on colleges
    referencing new table as changed_rows
    for each statement execute function education_add_college_words()`.execute(db);
  await sql`create trigger colleges_words_deleted after delete on colleges
    referencing old table as removed_rows
    for each statement execute function education_remove_college_words()`.execute(db);
  await sql`create trigger colleges_words_updated_old after update on colleges
    referencing old table as removed_rows
    for each statement execute function education_remove_college_words()`.execute(db);
  await sql`create trigger colleges_words_updated_new after update on colleges
    referencing new table as changed_rows
    for each statement execute function education_add_college_words()`.execute(db);
  // PL/pgSQL keeps the query's plan between calls (forced generic, see below).
  await sql`
    create function education_similar_colleges(
      college_name text, in_country text, max_rows integer, min_similarity real, candidate_budget integer
    ) returns table (id text, name text, country text, similarity real)
    language plpgsql stable
    -- one plan per connection: planning these CTEs costs more than running them
    set plan_cache_mode = force_generic_plan
    as $$
    begin
      return query
      with query as (select education_normalize(college_name) as text),
      -- each query word's two most similar vocabulary words
      similar_words as (
        select query_word.word as query_word, vocabulary.word, vocabulary.colleges,
               row_number() over (
                 partition by query_word.word
                 order by similarity(vocabulary.word, query_word.word) desc, vocabulary.colleges
               ) as rank
        from college_words vocabulary,
             unnest(education_words(college_name)) as query_word (word)
        where length(query_word.word) >= 3
          and vocabulary.colleges > 0
          and vocabulary.word % query_word.word
      ),
      matched as (select distinct w.word, w.colleges from similar_words w where w.rank <= 2),
      ranked as (
        select m.word, m.colleges, sum(m.colleges) over (order by m.colleges, m.word) as running
        from matched m
      ),
      -- the rarest of the query words' best matches always counts; others within the budget
      rarest_best as (
        select w.word from similar_words w where w.rank = 1 order by w.colleges, w.word limit 1
      ),
      rare as (
        select r.word from ranked r where r.running <= candidate_budget
        union
        select b.word from rarest_best b
      ),
      -- OFFSET 0 keeps the country test out of the index scan: the words are far more selective
      candidates as (
        select c.id, c.name, c.country, c.normalized_name
        from colleges c
        where c.words && array(select rare.word from rare)
        offset 0
      ),
      ranked_candidates as (
        select k.id, k.name, k.country, similarity(k.normalized_name, q.text) as similarity
        from candidates k, query q
        where k.country = in_country
      )
      select r.id, r.name, r.country, r.similarity from ranked_candidates r
      where r.similarity >= min_similarity
      order by r.similarity desc, r.name
      limit max_rows;
    end $$
  `.execute(db);
  // The whole college check in one round trip: the exact matches in any country, then, unless
  // the country has one, the country's most similar colleges.
  await sql`
    create function education_college_matches(
      college_name text, in_country text, max_rows integer, min_similarity real, candidate_budget integer
    ) returns table (id text, name text, country text, similarity real, exact boolean)
    language plpgsql stable as $$
    declare
      match record;
      exact_in_country boolean := false;
    begin
      for match in
        select c.id, c.name, c.country from colleges c
        where c.normalized_name = education_normalize(college_name)
        order by c.country
      loop
        exact_in_country := exact_in_country or match.country = in_country;
        id := match.id; name := match.name; country := match.country;
        similarity := 1; exact := true;
        return next;
      end loop;
      if not exact_in_country then
        return query
        select s.id, s.name, s.country, s.similarity, false
        from education_similar_colleges(
          college_name, in_country, max_rows, min_similarity, candidate_budget
        ) s;
      end if;
    end $$
  `.execute(db);
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
      await sql`create index colleges_normalized_name_trgm_idx on colleges using gin (normalized_name gin_trgm_ops) with (fastupdate = off)`.execute(
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
