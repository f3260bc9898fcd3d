const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless the name is a plain lower-case PostgreSQL identifier (safe to quote and to put in a URL). */
export function assertDatabaseName(name: string): string {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(
      `invalid database name "${name}": use 1-63 characters of a-z, 0-9 and _, not starting with a digit`,
    );
  }
  return name;
}

/** The same server (credentials, host, query options) with another database in the path. */
export function databaseUrl(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${assertDatabaseName(databaseName)}`;
  return url.toString();
}
