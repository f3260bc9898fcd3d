import pino from 'pino';
import {
  createDatabase,
  databaseUrl,
  ensureDatabase,
  migrateToLatest,
  type Kysely,
} from '@medicalink/persistence';
import type { TestNamespace } from '@medicalink/testing';
import {
  PostgresSagaJournal,
  SagaEngine,
  sagaMigrations,
  type AnySagaDefinition,
  type SagaEngineOptions,
  type SagaStepRecord,
  type SagaTables,
} from '../src/index';

/** Creates and migrates the namespace's saga database (dropped by namespace.cleanup()). */
export async function openSagaDatabase(
  namespace: TestNamespace,
  app: string,
): Promise<Kysely<SagaTables>> {
  const server = namespace.infrastructure.postgresUrl;
  await ensureDatabase(server, namespace.database(app));
  const db = createDatabase<SagaTables>(databaseUrl(server, namespace.database(app)), {
    maxConnections: 20,
  });
  await migrateToLatest(db, sagaMigrations);
  return db;
}

export function engineOn(
  db: Kysely<SagaTables>,
  definitions: AnySagaDefinition[],
  options: Partial<SagaEngineOptions> & { instanceId: string },
): SagaEngine {
  return new SagaEngine(new PostgresSagaJournal(db), definitions, {
    logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
    sleep: async () => undefined,
    ...options,
  });
}

export async function stepRow(
  db: Kysely<SagaTables>,
  sagaId: string,
  name: string,
): Promise<Pick<SagaStepRecord, 'state' | 'attempts'> | undefined> {
  return db
    .selectFrom('saga_steps')
    .select(['state', 'attempts'])
    .where('saga_id', '=', sagaId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
