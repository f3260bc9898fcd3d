import { Injectable } from '@nestjs/common';
import type { Hospital } from '@medicalink/contracts';
import type { Insertable, Kysely, Selectable } from '@medicalink/persistence';
import type { DirectoryDatabase, HospitalsTable } from '../database/directory.schema';

type Db = Kysely<DirectoryDatabase>;

@Injectable()
export class HospitalsRepository {
  async insert(db: Db, values: Insertable<HospitalsTable>): Promise<Selectable<HospitalsTable>> {
    return db.insertInto('hospitals').values(values).returningAll().executeTakeFirstOrThrow();
  }

  async list(db: Db): Promise<Selectable<HospitalsTable>[]> {
    return db.selectFrom('hospitals').selectAll().orderBy('name').execute();
  }

  async existing(db: Db, ids: readonly string[]): Promise<Set<string>> {
    const rows = await db.selectFrom('hospitals').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((row) => row.id));
  }
}

export function toHospital(row: Selectable<HospitalsTable>): Hospital {
  return { id: row.id, name: row.name, city: row.city, createdAt: row.created_at.toISOString() };
}
