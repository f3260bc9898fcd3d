import { z } from 'zod';
import { sql, type Kysely } from '@medicalink/persistence';
import countriesFile from '../../data/countries.json';
import collegesFile from '../../data/colleges.json';
import universitiesFile from '../../data/universities.json';
import type { EducationDatabase } from './education.schema';

const Code = z.string().regex(/^[A-Z]{2}$/);
const Id = z.string().regex(/^[a-z0-9-]{2,120}$/);

export const ReferenceData = z.object({
  version: z.string().min(1),
  countries: z.array(z.object({ code: Code, name: z.string().min(1) })),
  universities: z.array(z.object({ id: Id, name: z.string().min(1), country: Code })),
  colleges: z.array(
    z.object({ id: Id, name: z.string().min(1), country: Code, universityId: Id.optional() }),
  ),
});
export type ReferenceData = z.infer<typeof ReferenceData>;

/** The data files shipped in apps/education/data, which must all carry one version. */
export function shippedReferenceData(): ReferenceData {
  const versions = new Set([countriesFile.version, universitiesFile.version, collegesFile.version]);
  if (versions.size !== 1) {
    throw new Error(`reference data files disagree on their version: ${[...versions].join(', ')}`);
  }
  return ReferenceData.parse({
    version: countriesFile.version,
    countries: countriesFile.countries,
    universities: universitiesFile.universities,
    colleges: collegesFile.colleges,
  });
}

const CHUNK = 500;

/**
 * Makes the reference tables equal to `data`: upserts every row and removes rows the data no
 * longer has. Education records name universities and colleges by value (no foreign key), so a
 * reload never touches them. Run as a migration named after the data version, so a new version
 * loads once, at the next start.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs inside a migration (untyped Kysely)
export async function loadReferenceData(db: Kysely<any>, data: ReferenceData): Promise<void> {
  const typed = db as Kysely<EducationDatabase>;
  for (const rows of chunks(data.countries)) {
    await typed
      .insertInto('countries')
      .values(rows)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: (eb) => eb.ref('excluded.name') }))
      .execute();
  }
  for (const rows of chunks(data.universities)) {
    await typed
      .insertInto('universities')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          name: (eb) => eb.ref('excluded.name'),
          country: (eb) => eb.ref('excluded.country'),
        }),
      )
      .execute();
  }
  for (const rows of chunks(data.colleges)) {
    await typed
      .insertInto('colleges')
      .values(
        rows.map((college) => ({
          id: college.id,
          name: college.name,
          country: college.country,
          university_id: college.universityId ?? null,
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          name: (eb) => eb.ref('excluded.name'),
          country: (eb) => eb.ref('excluded.country'),
          university_id: (eb) => eb.ref('excluded.university_id'),
        }),
      )
      .execute();
  }
  await removeAbsent(
    typed,
    'colleges',
    data.colleges.map((college) => college.id),
  );
  await removeAbsent(
    typed,
    'universities',
    data.universities.map((university) => university.id),
  );
  await sql`delete from countries where code <> all(${data.countries.map((c) => c.code)}::text[])`.execute(
    typed,
  );
  // fresh statistics for the plans of the college check (education_similar_colleges)
  await sql`analyze countries, universities, colleges, college_words`.execute(typed);
  await typed
    .insertInto('reference_data')
    .values({ version: data.version })
    .onConflict((oc) => oc.column('version').doUpdateSet({ loaded_at: sql`now()` }))
    .execute();
}

async function removeAbsent(
  db: Kysely<EducationDatabase>,
  table: 'colleges' | 'universities',
  ids: string[],
): Promise<void> {
  await sql`delete from ${sql.table(table)} where id <> all(${ids}::text[])`.execute(db);
}

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let start = 0; start < rows.length; start += CHUNK) yield rows.slice(start, start + CHUNK);
}
