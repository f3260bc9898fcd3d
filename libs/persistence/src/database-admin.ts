import { Client } from 'pg';
import { assertDatabaseName } from './database-name';
import { hasPgCode, isUniqueViolation } from './pg-errors';

async function withClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  // A dropped connection would otherwise surface as an unhandled 'error' event.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates the database on the server of `serverUrl` if it does not exist yet.
 * Resolves true if this call created it; safe when several processes race.
 */
export async function ensureDatabase(serverUrl: string, databaseName: string): Promise<boolean> {
  assertDatabaseName(databaseName);
  return withClient(serverUrl, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      databaseName,
    ]);
    if (existing.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(databaseName)}`);
      return true;
    } catch (error) {
      // 42P04 duplicate_database; a creation racing ours can also trip the catalog's unique index.
      if (hasPgCode(error, '42P04') || isUniqueViolation(error, 'pg_database_datname_index')) {
        return false;
      }
      throw error;
    }
  });
}

/** Drops the database if it exists, disconnecting whoever is still connected to it. */
export async function dropDatabase(serverUrl: string, databaseName: string): Promise<void> {
  assertDatabaseName(databaseName);
  await withClient(serverUrl, async (client) => {
    await client.query(
      `DROP DATABASE IF EXISTS ${client.escapeIdentifier(databaseName)} WITH (FORCE)`,
    );
  });
}

/** Names of the databases on the server that start with `prefix`. */
export async function listDatabases(serverUrl: string, prefix = ''): Promise<string[]> {
  return withClient(serverUrl, async (client) => {
    const result = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
      [prefix],
    );
    return result.rows.map((row) => row.datname);
  });
}
