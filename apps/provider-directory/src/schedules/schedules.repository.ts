import { Injectable } from '@nestjs/common';
import type { CoverageSummary, ScheduleShift } from '@medicalink/contracts';
import { sql, type Kysely, type Selectable } from '@medicalink/persistence';
import type { DirectoryDatabase, ScheduleVersionsTable } from '../database/directory.schema';
import type { ParsedShift } from './shift-spreadsheet';

type Db = Kysely<DirectoryDatabase>;
export type VersionRow = Selectable<ScheduleVersionsTable>;

export interface NewAssignment {
  shiftId: string;
  doctorId: string;
  matchedBy: 'licenseNumber' | 'email';
}

export interface ShiftKeyRow {
  id: string;
  shift_date: string;
  unit: string;
  shift_name: string;
}

const GAP_LIST_LIMIT = 500;

/** Every column, named: a `select *` is not sent as a prepared statement (libs/persistence). */
const SCHEDULE_VERSION_COLUMNS = [
  'id',
  'hospital_id',
  'import_id',
  'status',
  'source_file',
  'shift_count',
  'coverage',
  'created_at',
] as const satisfies readonly (keyof ScheduleVersionsTable)[];

/** SQL of schedules: versions, shifts, assignments, coverage. */
@Injectable()
export class SchedulesRepository {
  async insertVersion(
    db: Db,
    values: {
      id: string;
      hospitalId: string;
      importId: string;
      sourceFile: string;
      shiftCount: number;
    },
  ): Promise<void> {
    await db
      .insertInto('schedule_versions')
      .values({
        id: values.id,
        hospital_id: values.hospitalId,
        import_id: values.importId,
        status: 'DRAFT',
        source_file: values.sourceFile,
        shift_count: values.shiftCount,
      })
      .execute();
  }

  /**
   * One INSERT per batch: each column travels as one array parameter and unnest() turns them
   * into rows, so a batch of thousands of shifts is one statement with 9 parameters (a VALUES
   * list would need 10 per row and hit PostgreSQL's 65535-parameter limit). The sheet is the
   * same for every row and `overnight` follows from the times, so neither travels per row.
   */
  async insertShifts(
    db: Db,
    versionId: string,
    sheet: string,
    shifts: readonly ParsedShift[],
    batchSize: number,
  ): Promise<void> {
    for (let start = 0; start < shifts.length; start += batchSize) {
      const batch = shifts.slice(start, start + batchSize);
      await sql`
        INSERT INTO schedule_shifts
          (version_id, sheet, row_number, shift_date, start_time, end_time, overnight, unit, shift_name, required)
        SELECT ${versionId}::uuid, ${sheet}::text, u.row_number, u.shift_date, u.start_time,
          u.end_time, u.end_time < u.start_time, u.unit, u.shift_name, u.required
        FROM unnest(
          ${batch.map((s) => s.row)}::int[],
          ${batch.map((s) => s.date)}::date[],
          ${batch.map((s) => s.start)}::text[],
          ${batch.map((s) => s.end)}::text[],
          ${batch.map((s) => s.unit)}::text[],
          ${batch.map((s) => s.shift)}::text[],
          ${batch.map((s) => s.required)}::int[])
          AS u(row_number, shift_date, start_time, end_time, unit, shift_name, required)
      `.execute(db);
    }
  }

  async findVersion(db: Db, id: string): Promise<VersionRow | undefined> {
    return db
      .selectFrom('schedule_versions')
      .select(SCHEDULE_VERSION_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async lockVersion(db: Db, id: string): Promise<VersionRow | undefined> {
    return db
      .selectFrom('schedule_versions')
      .select(SCHEDULE_VERSION_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /**
   * The version and everything of it; run it in a transaction (its shifts have no foreign key
   * to cascade from; assignments and coverage cascade from the shifts).
   */
  async deleteVersion(db: Db, id: string): Promise<boolean> {
    await db.deleteFrom('schedule_shifts').where('version_id', '=', id).execute();
    const deleted = await db
      .deleteFrom('schedule_versions')
      .where('id', '=', id)
      .executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  }

  async shiftKeys(db: Db, versionId: string): Promise<ShiftKeyRow[]> {
    return db
      .selectFrom('schedule_shifts')
      .select(['id', sql<string>`shift_date::text`.as('shift_date'), 'unit', 'shift_name'])
      .where('version_id', '=', versionId)
      .execute();
  }

  /** Doctor ids by upper-cased license number. */
  async doctorsByLicense(db: Db, licenses: readonly string[]): Promise<Map<string, string>> {
    if (licenses.length === 0) return new Map();
    const rows = await db
      .selectFrom('doctors')
      .select(['id', 'license_number'])
      .where('license_number', 'in', licenses)
      .execute();
    return new Map(rows.map((row) => [row.license_number, row.id]));
  }

  /** Doctor ids by account id. */
  async doctorsByAccount(db: Db, accountIds: readonly string[]): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('doctors')
      .select(['id', 'account_id'])
      .where('account_id', 'in', accountIds)
      .execute();
    return new Map(rows.map((row) => [row.account_id, row.id]));
  }

  /** Batched like insertShifts; an assignment already there is kept. Resolves with how many are new. */
  async insertAssignments(
    db: Db,
    versionId: string,
    assignments: readonly NewAssignment[],
    batchSize: number,
  ): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < assignments.length; start += batchSize) {
      const batch = assignments.slice(start, start + batchSize);
      const result = await sql`
        INSERT INTO schedule_assignments (version_id, shift_id, doctor_id, matched_by)
        SELECT ${versionId}::uuid, * FROM unnest(
          ${batch.map((a) => a.shiftId)}::uuid[],
          ${batch.map((a) => a.doctorId)}::uuid[],
          ${batch.map((a) => a.matchedBy)}::text[])
        ON CONFLICT (shift_id, doctor_id) DO NOTHING
      `.execute(db);
      inserted += Number(result.numAffectedRows ?? 0n);
    }
    return inserted;
  }

  async assignmentCount(db: Db, versionId: string): Promise<number> {
    const row = await db
      .selectFrom('schedule_assignments')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('version_id', '=', versionId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Replaces the version's per-shift coverage (required vs assigned) in one statement each. */
  async recalculateCoverage(db: Db, versionId: string): Promise<void> {
    await db.deleteFrom('schedule_coverage').where('version_id', '=', versionId).execute();
    await sql`
      INSERT INTO schedule_coverage (shift_id, version_id, required, assigned)
      SELECT s.id, s.version_id, s.required, count(a.id)::int
      FROM schedule_shifts s LEFT JOIN schedule_assignments a ON a.shift_id = s.id
      WHERE s.version_id = ${versionId}
      GROUP BY s.id
    `.execute(db);
  }

  /** Totals, per unit, per day and the gaps, from schedule_coverage. */
  async coverageSummary(db: Db, versionId: string, calculatedAt: Date): Promise<CoverageSummary> {
    const { rows } = await sql<{ summary: Omit<CoverageSummary, 'calculatedAt'> }>`
      WITH c AS (
        SELECT c.shift_id, c.required, c.assigned, s.unit, s.shift_date, s.shift_name, s.start_time
        FROM schedule_coverage c JOIN schedule_shifts s ON s.id = c.shift_id
        WHERE c.version_id = ${versionId}
      )
      SELECT json_build_object(
        'required', coalesce((SELECT sum(required) FROM c), 0)::int,
        'assigned', coalesce((SELECT sum(least(assigned, required)) FROM c), 0)::int,
        'byUnit', coalesce((SELECT json_agg(u ORDER BY u.unit) FROM (
          SELECT unit, sum(required)::int AS required, sum(least(assigned, required))::int AS assigned
          FROM c GROUP BY unit) u), '[]'::json),
        'byDay', coalesce((SELECT json_agg(d ORDER BY d.date) FROM (
          SELECT shift_date::text AS date, sum(required)::int AS required,
            sum(least(assigned, required))::int AS assigned
          FROM c GROUP BY shift_date) d), '[]'::json),
        'gaps', coalesce((SELECT json_agg(g) FROM (
          SELECT shift_id AS "shiftId", shift_date::text AS date, unit, shift_name AS shift,
            required, assigned, required - assigned AS missing
          FROM c WHERE assigned < required
          ORDER BY shift_date, start_time, unit, shift_name LIMIT ${GAP_LIST_LIMIT}) g), '[]'::json),
        'gapCount', (SELECT count(*) FROM c WHERE assigned < required)::int
      ) AS summary
    `.execute(db);
    const summary = rows[0]?.summary;
    if (!summary) throw new Error(`no coverage summary for ${versionId}`);
    return { calculatedAt: calculatedAt.toISOString(), ...summary };
  }

  async saveCoverageSummary(db: Db, versionId: string, summary: CoverageSummary): Promise<void> {
    await db
      .updateTable('schedule_versions')
      .set({ coverage: JSON.stringify(summary) })
      .where('id', '=', versionId)
      .execute();
  }

  /** One page of a version's shifts with their assignments and coverage. */
  async shiftPage(
    db: Db,
    versionId: string,
    page: number,
    limit: number,
  ): Promise<ScheduleShift[]> {
    const { rows } = await sql<ScheduleShift>`
      SELECT s.id, s.sheet, s.row_number AS row, s.shift_date::text AS date, s.start_time AS start,
        s.end_time AS "end", s.overnight, s.unit, s.shift_name AS shift, s.required,
        coalesce((SELECT json_agg(json_build_object('id', a.id, 'doctorId', a.doctor_id,
            'matchedBy', a.matched_by) ORDER BY a.doctor_id)
          FROM schedule_assignments a WHERE a.shift_id = s.id), '[]'::json) AS assignments,
        (SELECT json_build_object('required', c.required, 'assigned', c.assigned,
            'gap', greatest(c.required - c.assigned, 0))
          FROM schedule_coverage c WHERE c.shift_id = s.id) AS coverage
      FROM schedule_shifts s
      WHERE s.version_id = ${versionId}
      ORDER BY s.shift_date, s.start_time, s.unit, s.shift_name
      LIMIT ${limit} OFFSET ${(page - 1) * limit}
    `.execute(db);
    return rows;
  }
}
