import { Injectable } from '@nestjs/common';
import type { College, Country, University } from '@medicalink/contracts';
import { sql, type Kysely } from '@medicalink/persistence';
import type { EducationDatabase } from '../database/education.schema';

type Db = Kysely<EducationDatabase>;

export interface CollegeMatch {
  id: string;
  name: string;
  country: string;
  similarity: number;
}

/** A page of a list: which rows, and how many there are in all. */
export interface PageWindow {
  offset: number;
  limit: number;
}
export interface Page<T> {
  rows: T[];
  total: number;
}
/** Below this whole-name trigram similarity a college is no suggestion (pg_trgm's default). */
const MIN_SIMILARITY = 0.3;
/** About how many candidate colleges the college check ranks (see collegeMatches). */
const CANDIDATE_BUDGET = 300;

/** SQL over the reference tables (countries, universities, colleges). */
@Injectable()
export class ReferenceRepository {
  async version(db: Db): Promise<string> {
    const row = await db
      .selectFrom('reference_data')
      .select('version')
      .orderBy('loaded_at', 'desc')
      .executeTakeFirst();
    return row?.version ?? 'none';
  }

  async countries(db: Db, window: PageWindow): Promise<Page<Country>> {
    const [rows, total] = await Promise.all([
      db
        .selectFrom('countries')
        .select(['code', 'name'])
        .orderBy('code')
        .offset(window.offset)
        .limit(window.limit)
        .execute(),
      db
        .selectFrom('countries')
        .select((eb) => eb.fn.countAll<string>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.total) };
  }

  async countryExists(db: Db, code: string): Promise<boolean> {
    const row = await db
      .selectFrom('countries')
      .select('code')
      .where('code', '=', code)
      .executeTakeFirst();
    return row !== undefined;
  }

  async universitiesIn(db: Db, country: string, window: PageWindow): Promise<Page<University>> {
    const inCountry = db.selectFrom('universities').where('country', '=', country);
    const [rows, total] = await Promise.all([
      inCountry
        .select(['id', 'name', 'country'])
        .orderBy('name')
        .orderBy('id')
        .offset(window.offset)
        .limit(window.limit)
        .execute(),
      inCountry.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.total) };
  }

  async university(db: Db, id: string): Promise<University | undefined> {
    return db
      .selectFrom('universities')
      .select(['id', 'name', 'country'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async collegesIn(db: Db, country: string, window: PageWindow): Promise<Page<College>> {
    const inCountry = db.selectFrom('colleges').where('country', '=', country);
    const [rows, total] = await Promise.all([
      inCountry
        .select(['id', 'name', 'country', 'university_id'])
        .orderBy('name')
        .orderBy('id')
        .offset(window.offset)
        .limit(window.limit)
        .execute(),
      inCountry.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toCollege), total: Number(total.total) };
  }

  /** A country's colleges whose name contains something like `search` (word similarity), best first. */
  async searchColleges(
    db: Db,
    country: string,
    search: string,
    window: PageWindow,
  ): Promise<Page<College>> {
    const query = sql<string>`education_normalize(${search})`;
    const matching = db
      .selectFrom('colleges')
      .where('country', '=', country)
      .where(sql<boolean>`${query} <% normalized_name`);
    const [rows, total] = await Promise.all([
      matching
        .select(['id', 'name', 'country', 'university_id'])
        .orderBy(sql`word_similarity(${query}, normalized_name)`, 'desc')
        .orderBy('name')
        .orderBy('id')
        .offset(window.offset)
        .limit(window.limit)
        .execute(),
      matching.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toCollege), total: Number(total.total) };
  }

  /**
   * For the college check, in one round trip: the colleges of exactly this name (case-, accent-
   * and spacing-insensitive) in any country and, unless `country` has one, the country's colleges
   * most similar to it (whole-name trigram similarity at least MIN_SIMILARITY, up to `limit`).
   * The similar ones are ranked among the candidates the name's words point to: for each of its
   * words the two most similar words of the vocabulary, the rarest first, about CANDIDATE_BUDGET
   * colleges at most (the rarest best match's colleges always). SQL: education_college_matches
   * and education_similar_colleges (migrations).
   */
  async collegeMatches(
    db: Db,
    name: string,
    country: string,
    limit: number,
  ): Promise<{ exact: CollegeMatch[]; similar: CollegeMatch[] }> {
    const { rows } = await sql<CollegeMatch & { exact: boolean }>`
      select id, name, country, similarity, exact
      from education_college_matches(${name}, ${country}, ${limit}, ${MIN_SIMILARITY}, ${CANDIDATE_BUDGET})
    `.execute(db);
    const matches = rows.map(({ exact, ...row }) => ({
      exact,
      match: { ...row, similarity: Number(row.similarity) },
    }));
    return {
      exact: matches.filter((row) => row.exact).map((row) => row.match),
      similar: matches.filter((row) => !row.exact).map((row) => row.match),
    };
  }
}

function toCollege(row: {
  id: string;
  name: string;
  country: string;
  university_id: string | null;
}): College {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    ...(row.university_id ? { universityId: row.university_id } : {}),
  };
}
