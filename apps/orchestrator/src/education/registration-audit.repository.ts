import { Injectable } from '@nestjs/common';
import { sql, type Insertable, type Kysely, type Selectable } from '@medicalink/persistence';
import type {
  EducationRegistrationAuditTable,
  OrchestratorDatabase,
} from '../database/orchestrator.schema';

export type AuditRow = Selectable<EducationRegistrationAuditTable>;
type Db = Kysely<OrchestratorDatabase>;

/** Every column, named: a `select *` is not sent as a prepared statement (libs/persistence). */
const EDUCATION_REGISTRATION_AUDIT_COLUMNS = [
  'id',
  'session_id',
  'owner_id',
  'user_business_id',
  'actor_id',
  'actor_privilege',
  'action',
  'from_status',
  'to_status',
  'outcome',
  'detail',
  'at',
] as const satisfies readonly (keyof EducationRegistrationAuditTable)[];

/** One session as its trail sums it up. */
export interface SessionSummaryRow {
  session_id: string;
  owner_id: string;
  user_business_id: string;
  /** the status its last transition that was not a refusal left */
  status: string;
  last_action: string;
  last_outcome: AuditRow['outcome'];
  created_at: Date;
  last_at: Date;
}

export interface SessionFilter {
  ownerId?: string;
  userBusinessId?: string;
  status?: string;
  offset: number;
  limit: number;
}

@Injectable()
export class RegistrationAuditRepository {
  async insert(db: Db, values: Insertable<EducationRegistrationAuditTable>): Promise<AuditRow> {
    return db
      .insertInto('education_registration_audit')
      .values(values)
      .returning(EDUCATION_REGISTRATION_AUDIT_COLUMNS)
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
      .select(EDUCATION_REGISTRATION_AUDIT_COLUMNS)
      .where('session_id', '=', sessionId)
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
  }

  /**
   * One page of sessions summed up from their trails, newest first, and how many match in all.
   * A refusal names the status its action would have reached, so the status is the one left by
   * the last row that was not refused.
   */
  async sessions(
    db: Db,
    filter: SessionFilter,
  ): Promise<{ rows: SessionSummaryRow[]; total: number }> {
    const summaries = db
      .with('sessions', (qb) =>
        qb
          .selectFrom('education_registration_audit')
          .select((eb) => [
            'session_id',
            'owner_id',
            'user_business_id',
            eb.fn.min('id').as('first_id'),
            eb.fn.min('at').as('created_at'),
            eb.fn.max('at').as('last_at'),
            sql<string>`coalesce(
              (array_agg(to_status order by id desc) filter (where outcome <> 'refused'))[1],
              (array_agg(to_status order by id desc))[1]
            )`.as('status'),
            sql<string>`(array_agg(action order by id desc))[1]`.as('last_action'),
            sql<AuditRow['outcome']>`(array_agg(outcome order by id desc))[1]`.as('last_outcome'),
          ])
          .$if(filter.ownerId !== undefined, (q) => q.where('owner_id', '=', filter.ownerId!))
          .$if(filter.userBusinessId !== undefined, (q) =>
            q.where('user_business_id', '=', filter.userBusinessId!),
          )
          .groupBy(['session_id', 'owner_id', 'user_business_id']),
      )
      .selectFrom('sessions')
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!));
    const [rows, count] = await Promise.all([
      summaries
        .select([
          'session_id',
          'owner_id',
          'user_business_id',
          'status',
          'last_action',
          'last_outcome',
          'created_at',
          'last_at',
        ])
        .orderBy('first_id', 'desc')
        .offset(filter.offset)
        .limit(filter.limit)
        .execute(),
      summaries.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
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
