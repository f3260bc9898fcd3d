import { Injectable } from '@nestjs/common';
import type { EducationRecord } from '@medicalink/contracts';
import { selectPage, type Insertable, type Kysely, type Selectable } from '@medicalink/persistence';
import type { EducationDatabase, EducationRecordsTable } from '../database/education.schema';

export type RecordRow = Selectable<EducationRecordsTable>;
type Db = Kysely<EducationDatabase>;

/** Every column, named: a `select *` is not sent as a prepared statement (libs/persistence). */
const EDUCATION_RECORD_COLUMNS = [
  'id',
  'session_id',
  'user_business_id',
  'account_id',
  'graduation_year',
  'university',
  'country',
  'degree_type',
  'college',
  'access_modifier',
  'category',
  'created_at',
] as const satisfies readonly (keyof EducationRecordsTable)[];

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
      .returning(EDUCATION_RECORD_COLUMNS)
      .executeTakeFirst();
  }

  async findById(db: Db, id: string): Promise<RecordRow | undefined> {
    return db
      .selectFrom('education_records')
      .select(EDUCATION_RECORD_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findBySession(db: Db, sessionId: string): Promise<RecordRow | undefined> {
    return db
      .selectFrom('education_records')
      .select(EDUCATION_RECORD_COLUMNS)
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
  }

  async findByBusinessId(db: Db, userBusinessId: string): Promise<RecordRow[]> {
    return db
      .selectFrom('education_records')
      .select(EDUCATION_RECORD_COLUMNS)
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
      (page) => page.select(EDUCATION_RECORD_COLUMNS).orderBy('created_at', 'desc').orderBy('id'),
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
