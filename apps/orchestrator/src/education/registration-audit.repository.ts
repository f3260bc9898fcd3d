import { Injectable } from '@nestjs/common';
import type { Insertable, Kysely, Selectable } from '@medicalink/persistence';
import type {
  EducationRegistrationAuditTable,
  OrchestratorDatabase,
} from '../database/orchestrator.schema';

export type AuditRow = Selectable<EducationRegistrationAuditTable>;
type Db = Kysely<OrchestratorDatabase>;

@Injectable()
export class RegistrationAuditRepository {
  async insert(db: Db, values: Insertable<EducationRegistrationAuditTable>): Promise<AuditRow> {
    return db
      .insertInto('education_registration_audit')
      .values(values)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** A page of the session's trail, oldest first. */
  async forSession(
    db: Db,
    sessionId: string,
    page: { offset: number; limit: number },
  ): Promise<AuditRow[]> {
    return db
      .selectFrom('education_registration_audit')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
  }

  /** How many rows the session's trail has, and whose session it is (null when it has none). */
  async summary(db: Db, sessionId: string): Promise<{ total: number; ownerId: string } | null> {
    const row = await db
      .selectFrom('education_registration_audit')
      .select((eb) => ['owner_id', eb.fn.countAll<string>().as('total')])
      .where('session_id', '=', sessionId)
      .groupBy('owner_id')
      .executeTakeFirst();
    return row ? { total: Number(row.total), ownerId: row.owner_id } : null;
  }
}
