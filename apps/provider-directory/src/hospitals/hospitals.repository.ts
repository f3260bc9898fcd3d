import { Injectable } from '@nestjs/common';
import { redactRosterUrl, type Hospital } from '@medicalink/contracts';
import type { Insertable, Kysely, Selectable } from '@medicalink/persistence';
import type { DirectoryDatabase, HospitalsTable } from '../database/directory.schema';

type Db = Kysely<DirectoryDatabase>;
export type HospitalRow = Selectable<HospitalsTable>;

/** Every column, named: a `select *` is not sent as a prepared statement (libs/persistence). */
const HOSPITAL_COLUMNS = [
  'id',
  'name',
  'city',
  'roster_source_url',
  'created_at',
] as const satisfies readonly (keyof HospitalsTable)[];

@Injectable()
export class HospitalsRepository {
  async insert(db: Db, values: Insertable<HospitalsTable>): Promise<HospitalRow> {
    return db
      .insertInto('hospitals')
      .values(values)
      .returning(HOSPITAL_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async list(db: Db): Promise<HospitalRow[]> {
    return db.selectFrom('hospitals').select(HOSPITAL_COLUMNS).orderBy('name').execute();
  }

  async findById(db: Db, id: string): Promise<HospitalRow | undefined> {
    return db
      .selectFrom('hospitals')
      .select(HOSPITAL_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** One page by name, and how many there are. */
  async page(db: Db, page: number, limit: number): Promise<{ rows: HospitalRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      db
        .selectFrom('hospitals')
        .select(HOSPITAL_COLUMNS)
        .orderBy('name')
        .orderBy('id')
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
      db
        .selectFrom('hospitals')
        .select((eb) => eb.fn.countAll<string>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  async existing(db: Db, ids: readonly string[]): Promise<Set<string>> {
    const rows = await db.selectFrom('hospitals').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((row) => row.id));
  }
}

/** A hospital as replies show it: its roster URL without credentials or query (it stays whole here). */
export function toHospital(row: HospitalRow): Hospital {
  return {
    id: row.id,
    name: row.name,
    city: row.city,
    rosterSourceUrl: row.roster_source_url === null ? null : redactRosterUrl(row.roster_source_url),
    createdAt: row.created_at.toISOString(),
  };
}
