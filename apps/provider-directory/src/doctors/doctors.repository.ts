import { Injectable } from '@nestjs/common';
import type { Doctor } from '@medicalink/contracts';
import {
  containsPattern,
  sql,
  type Insertable,
  type Kysely,
  type Selectable,
  type Updateable,
  selectPage,
} from '@medicalink/persistence';
import type { DirectoryDatabase, DoctorsTable } from '../database/directory.schema';

export type DoctorRow = Selectable<DoctorsTable>;
type Db = Kysely<DirectoryDatabase>;

/**
 * Every column, named rather than `*`: a statement naming its columns stays a prepared statement
 * (libs/persistence, StatementNames), and keeps its shape when a migration adds a column.
 */
const DOCTOR_COLUMNS = [
  'id',
  'account_id',
  'display_name',
  'display_name_as_of',
  'specialty',
  'license_number',
  'bio',
  'hospital_ids',
  'is_active',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof DoctorsTable)[];

export interface DoctorSearch {
  search?: string | undefined;
  specialty?: string | undefined;
  /** only active (true) or only inactive (false) profiles; all when absent */
  isActive?: boolean | undefined;
  page: number;
  limit: number;
}

@Injectable()
export class DoctorsRepository {
  async insert(db: Db, values: Insertable<DoctorsTable>): Promise<DoctorRow> {
    return db
      .insertInto('doctors')
      .values(values)
      .returning(DOCTOR_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async findById(db: Db, id: string): Promise<DoctorRow | undefined> {
    return db.selectFrom('doctors').select(DOCTOR_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  async findByIdForUpdate(db: Db, id: string): Promise<DoctorRow | undefined> {
    return db
      .selectFrom('doctors')
      .select(DOCTOR_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async findByIds(db: Db, ids: readonly string[]): Promise<DoctorRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('doctors').select(DOCTOR_COLUMNS).where('id', 'in', ids).execute();
  }

  async update(db: Db, id: string, values: Updateable<DoctorsTable>): Promise<DoctorRow> {
    return db
      .updateTable('doctors')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', id)
      .returning(DOCTOR_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async delete(db: Db, id: string): Promise<DoctorRow | undefined> {
    return db
      .deleteFrom('doctors')
      .where('id', '=', id)
      .returning(DOCTOR_COLUMNS)
      .executeTakeFirst();
  }

  /** Takes over an account's new name unless a newer one was already applied. */
  async renameByAccount(
    db: Db,
    accountId: string,
    displayName: string,
    asOf: Date,
  ): Promise<DoctorRow | undefined> {
    return db
      .updateTable('doctors')
      .set({ display_name: displayName, display_name_as_of: asOf, updated_at: new Date() })
      .where('account_id', '=', accountId)
      .where((eb) =>
        eb.or([eb('display_name_as_of', 'is', null), eb('display_name_as_of', '<', asOf)]),
      )
      .where('display_name', '<>', displayName)
      .returning(DOCTOR_COLUMNS)
      .executeTakeFirst();
  }

  /** One page of doctors matching the filters, and how many match in all. */
  async search(db: Db, query: DoctorSearch): Promise<{ rows: DoctorRow[]; total: number }> {
    let filtered = db.selectFrom('doctors');
    if (query.isActive !== undefined) filtered = filtered.where('is_active', '=', query.isActive);
    if (query.specialty) {
      filtered = filtered.where(sql<string>`lower(specialty)`, '=', query.specialty.toLowerCase());
    }
    if (query.search) {
      // Bound as a parameter; only LIKE's own wildcards need escaping.
      const pattern = containsPattern(query.search);
      filtered = filtered.where((eb) =>
        eb.or([
          eb('display_name', 'ilike', pattern),
          eb('specialty', 'ilike', pattern),
          eb('license_number', 'ilike', pattern),
        ]),
      );
    }
    return selectPage(
      filtered,
      (page) => page.select(DOCTOR_COLUMNS).orderBy('display_name').orderBy('id'),
      query,
    );
  }
}

export function toDoctor(row: DoctorRow): Doctor {
  return {
    id: row.id,
    accountId: row.account_id,
    displayName: row.display_name,
    specialty: row.specialty,
    licenseNumber: row.license_number,
    bio: row.bio,
    hospitalIds: row.hospital_ids,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
