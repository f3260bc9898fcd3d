/**
 * What the databases of a chaos run hold once every app has stopped: the journal and the doctor
 * rows (saga-check.ts), and the rows of every other kind of write the load makes. SELECTs only.
 */
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { TestNamespace } from '@medicalink/testing';
import { loadSnapshot, type Snapshot } from '../saga-check';

export interface SystemSnapshot extends Snapshot {
  /** product service: every product, with the idempotency key of the call that created it */
  products: { id: string; code: string; creationKey: string | null }[];
  /** education service: every record, with the registration session that created it */
  records: { id: string; sessionId: string }[];
  /** orchestrator: every accepted schedule import */
  imports: Set<string>;
  /** provider-directory: every schedule version, with the import that stored it */
  versions: { id: string; importId: string }[];
}

interface ProductDb {
  products: { id: string; code: string; creation_key: string | null };
}
interface EducationDb {
  education_records: { id: string; session_id: string };
}
interface OrchestratorDb {
  schedule_imports: { id: string };
}
interface DirectoryDb {
  schedule_versions: { id: string; import_id: string };
}

export async function loadSystemSnapshot(namespace: TestNamespace): Promise<SystemSnapshot> {
  const open = <T>(app: string): Kysely<T> =>
    createDatabase<T>(databaseUrl(namespace.infrastructure.postgresUrl, namespace.database(app)), {
      maxConnections: 1,
    });
  const product = open<ProductDb>('product');
  const education = open<EducationDb>('education');
  const orchestrator = open<OrchestratorDb>('orchestrator');
  const directory = open<DirectoryDb>('directory');
  try {
    const [doctors, products, records, imports, versions] = await Promise.all([
      loadSnapshot(namespace),
      product.selectFrom('products').select(['id', 'code', 'creation_key']).execute(),
      education.selectFrom('education_records').select(['id', 'session_id']).execute(),
      orchestrator.selectFrom('schedule_imports').select('id').execute(),
      directory.selectFrom('schedule_versions').select(['id', 'import_id']).execute(),
    ]);
    return {
      ...doctors,
      products: products.map((row) => ({
        id: row.id,
        code: row.code,
        creationKey: row.creation_key,
      })),
      records: records.map((row) => ({ id: row.id, sessionId: row.session_id })),
      imports: new Set(imports.map((row) => row.id)),
      versions: versions.map((row) => ({ id: row.id, importId: row.import_id })),
    };
  } finally {
    await Promise.all([product, education, orchestrator, directory].map((db) => db.destroy()));
  }
}
