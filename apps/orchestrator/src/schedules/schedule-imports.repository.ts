import { Injectable } from '@nestjs/common';
import { sql, type Insertable, type Kysely, type Selectable } from '@medicalink/persistence';
import type { OrchestratorDatabase, ScheduleImportsTable } from './schedule-imports.schema';

type Db = Kysely<OrchestratorDatabase>;
export type ImportRow = Omit<Selectable<ScheduleImportsTable>, 'upload'>;

const LIVE_SAGA = sql`('running', 'compensating')`;
const ROW = [
  'id',
  'hospital_id',
  'file_name',
  'file_type',
  'file_bytes',
  'roster_source_url',
  'request_hash',
  'started_by',
  'created_at',
] as const;

/** SQL of schedule imports; their progress is read from the saga journal (same id). */
@Injectable()
export class ScheduleImportsRepository {
  async insert(db: Db, values: Insertable<ScheduleImportsTable>): Promise<void> {
    await db.insertInto('schedule_imports').values(values).execute();
  }

  async find(db: Db, id: string): Promise<ImportRow | undefined> {
    return db.selectFrom('schedule_imports').select(ROW).where('id', '=', id).executeTakeFirst();
  }

  /** Serializes the accept-or-refuse decisions for one hospital until the transaction ends. */
  async lockHospital(db: Db, hospitalId: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`schedule-import:${hospitalId}`}, 0))`.execute(
      db,
    );
  }

  /**
   * The hospital's import that has not ended: accepted but its saga not started yet, or its
   * saga live (running or compensating).
   */
  async unfinished(db: Db, hospitalId: string): Promise<ImportRow | undefined> {
    return db
      .selectFrom('schedule_imports as i')
      .leftJoin('sagas as s', 's.id', 'i.id')
      .select(ROW.map((column) => `i.${column}` as const))
      .where('i.hospital_id', '=', hospitalId)
      .where((eb) => eb.or([eb('s.id', 'is', null), eb(sql`s.state`, 'in', LIVE_SAGA)]))
      .orderBy('i.created_at', 'desc')
      .executeTakeFirst();
  }

  /** Imports accepted longer than `olderThanMs` ago whose saga was never created (the starter died). */
  async stranded(db: Db, olderThanMs: number, limit: number): Promise<ImportRow[]> {
    return db
      .selectFrom('schedule_imports as i')
      .leftJoin('sagas as s', 's.id', 'i.id')
      .select(ROW.map((column) => `i.${column}` as const))
      .where('s.id', 'is', null)
      .where('i.upload', 'is not', null)
      .where('i.created_at', '<', sql<Date>`now() - ${olderThanMs}::int * interval '1 millisecond'`)
      .orderBy('i.created_at')
      .limit(limit)
      .execute();
  }

  async upload(db: Db, id: string): Promise<Buffer | null> {
    const row = await db
      .selectFrom('schedule_imports')
      .select('upload')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.upload ?? null;
  }

  async releaseUpload(db: Db, id: string): Promise<void> {
    await db.updateTable('schedule_imports').set({ upload: null }).where('id', '=', id).execute();
  }

  /** Latest first. */
  async page(
    db: Db,
    hospitalId: string | undefined,
    page: number,
    limit: number,
  ): Promise<{ rows: ImportRow[]; total: number }> {
    let query = db.selectFrom('schedule_imports');
    if (hospitalId) query = query.where('hospital_id', '=', hospitalId);
    const [rows, count] = await Promise.all([
      query
        .select(ROW)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
      query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }
}
