import { Injectable } from '@nestjs/common';
import type { EducationRecord } from '@medicalink/contracts';
import { selectPage, type Insertable, type Kysely, type Selectable } from '@medicalink/persistence';
import type { EducationDatabase, EducationRecordsTable } from '../database/education.schema';

export type RecordRow = Selectable<EducationRecordsTable>;
type Db = Kysely<EducationDatabase>;

/** SQL for education records; every method takes the connection or transaction to run on. */
@Injectable()
export class RecordsRepository {
  /** Inserts unless the session has its record already (then resolves undefined). */
  async insertForSession(
    db: Db,
    values: Insertable<EducationRecordsTable>,
  ): Promise<RecordRow | undefined> {
    return db
      .insertInto('education_records')
      .values(values)
      .onConflict((oc) => oc.column('session_id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async findById(db: Db, id: string): Promise<RecordRow | undefined> {
    return db.selectFrom('education_records').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findBySession(db: Db, sessionId: string): Promise<RecordRow | undefined> {
    return db
      .selectFrom('education_records')
      .selectAll()
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
  }

  async findByBusinessId(db: Db, userBusinessId: string): Promise<RecordRow[]> {
    return db
      .selectFrom('education_records')
      .selectAll()
      .where('user_business_id', '=', userBusinessId)
      .execute();
  }

  async list(
    db: Db,
    query: {
      userBusinessId?: string | undefined;
      accountId?: string | undefined;
      page: number;
      limit: number;
    },
  ): Promise<{ rows: RecordRow[]; total: number }> {
    let filtered = db.selectFrom('education_records');
    if (query.userBusinessId) {
      filtered = filtered.where('user_business_id', '=', query.userBusinessId);
    }
    if (query.accountId) filtered = filtered.where('account_id', '=', query.accountId);
    return selectPage(
      filtered,
      (page) => page.selectAll().orderBy('created_at', 'desc').orderBy('id'),
      query,
    );
  }
}

export function toRecord(row: RecordRow): EducationRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    userBusinessId: row.user_business_id,
    accountId: row.account_id,
    graduationYear: row.graduation_year,
    university: row.university,
    country: row.country,
    degreeType: row.degree_type,
    college: row.college,
    accessModifier: row.access_modifier,
    category: row.category,
    createdAt: row.created_at.toISOString(),
  };
}
