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

  async forSession(db: Db, sessionId: string): Promise<AuditRow[]> {
    return db
      .selectFrom('education_registration_audit')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('id')
      .execute();
  }
}
