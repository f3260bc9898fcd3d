import type { ScheduleFileType } from '@medicalink/contracts';
import {
  sql,
  type Generated,
  type Migration,
  type PersistenceTables,
} from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';

/**
 * One accepted import. Its progress is the journal of the saga with the same id; this row
 * holds what the journal should not: the uploaded file, stored once here (not in the saga's
 * input, nor in any step's message but phase 1's) and dropped when the import ends.
 */
export interface ScheduleImportsTable {
  id: string;
  hospital_id: string;
  file_name: string;
  file_type: ScheduleFileType;
  file_bytes: number;
  roster_source_url: string | null;
  /**
   * sha256 of what the request asked (hospital, roster URL, file name, type and the file's own
   * sha256): a repeat of its idempotency key must ask the same. null for imports from before it.
   */
  request_hash: string | null;
  /** the account that started it; null for imports from before it was recorded */
  started_by: string | null;
  /** null once the import ended */
  upload: Buffer | null;
  created_at: Generated<Date>;
}

export interface OrchestratorDatabase extends SagaTables, PersistenceTables {
  schedule_imports: ScheduleImportsTable;
}

export const scheduleImportMigrations: Record<string, Migration> = {
  '0200_schedule_imports': {
    async up(db) {
      await db.schema
        .createTable('schedule_imports')
        .addColumn('id', 'uuid', (col) => col.primaryKey())
        .addColumn('hospital_id', 'uuid', (col) => col.notNull())
        .addColumn('file_name', 'text', (col) => col.notNull())
        .addColumn('file_type', 'text', (col) => col.notNull())
        .addColumn('file_bytes', 'integer', (col) => col.notNull())
        .addColumn('roster_source_url', 'text')
        .addColumn('upload', 'bytea')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('schedule_imports_hospital_idx')
        .on('schedule_imports')
        .columns(['hospital_id', 'created_at desc'])
        .execute();
      await db.schema
        .createIndex('schedule_imports_created_idx')
        .on('schedule_imports')
        .column('created_at desc')
        .execute();
    },
  },
  '0202_schedule_import_request_hash': {
    async up(db) {
      await db.schema.alterTable('schedule_imports').addColumn('request_hash', 'text').execute();
    },
  },
  '0210_schedule_imports_started_by': {
    async up(db) {
      await db.schema.alterTable('schedule_imports').addColumn('started_by', 'uuid').execute();
    },
  },
};
