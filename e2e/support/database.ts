import { Client } from 'pg';
import { databaseUrl } from '@medicalink/persistence';
import type { RunningSystem } from './system';

/** Rows of a query against one app's database of the running system (a test's own check). */
export async function queryDatabase<T>(
  system: RunningSystem,
  app: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const client = new Client({
    connectionString: databaseUrl(
      system.namespace.infrastructure.postgresUrl,
      system.namespace.database(app),
    ),
  });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
