import { Client } from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace } from '@medicalink/testing';
import { databaseUrl, dropDatabase, ensureDatabase, listDatabases } from '../src/index';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'dbadm');
const server = infrastructure.postgresUrl;

afterAll(() => namespace.cleanup());

async function selectOne(name: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl(server, name) });
  await client.connect();
  try {
    const result = await client.query<{ one: number }>('SELECT 1 AS one');
    return result.rows[0]!.one;
  } finally {
    await client.end();
  }
}

describe('ensureDatabase', () => {
  it('creates a missing database once, then reports it already exists', async () => {
    const name = namespace.database('accounts');
    expect(await ensureDatabase(server, name)).toBe(true);
    expect(await selectOne(name)).toBe(1);
    expect(await ensureDatabase(server, name)).toBe(false);
  });

  it('lets concurrent callers race: exactly one creates, none fails', async () => {
    const name = namespace.database('racing');
    const created = await Promise.all(
      Array.from({ length: 8 }, () => ensureDatabase(server, name)),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await selectOne(name)).toBe(1);
  });

  it('refuses a name that is not a plain identifier, before touching the server', async () => {
    await expect(ensureDatabase(server, 'x"; DROP DATABASE postgres; --')).rejects.toThrow(
      /invalid database name/,
    );
    expect(await listDatabases(server, 'x"')).toEqual([]);
  });
});

describe('dropDatabase', () => {
  it('drops a database even while a client is connected, and ignores a missing one', async () => {
    const name = namespace.database('doomed');
    await ensureDatabase(server, name);
    const client = new Client({ connectionString: databaseUrl(server, name) });
    client.on('error', () => undefined);
    await client.connect();
    await dropDatabase(server, name);
    expect(await listDatabases(server, name)).toEqual([]);
    await expect(client.query('SELECT 1')).rejects.toThrow();
    await client.end().catch(() => undefined);
    await expect(dropDatabase(server, name)).resolves.toBeUndefined();
  });
});

describe('test namespace databases', () => {
  it('names one database per app, passes them in env and drops them all on cleanup', async () => {
    const other = createTestNamespace(infrastructure, 'drop');
    expect(other.database('my-app')).toBe(`test_${other.id}_my_app`);
    expect(other.env()).toMatchObject({
      ACCOUNTS_DATABASE: other.database('accounts'),
      DIRECTORY_DATABASE: other.database('directory'),
      ORCHESTRATOR_DATABASE: other.database('orchestrator'),
      PRODUCT_DATABASE: other.database('product'),
      EDUCATION_DATABASE: other.database('education'),
    });
    await ensureDatabase(server, other.database('accounts'));
    await ensureDatabase(server, other.database('product'));
    expect(await listDatabases(server, `test_${other.id}_`)).toHaveLength(2);
    await other.cleanup();
    expect(await listDatabases(server, `test_${other.id}_`)).toEqual([]);
  });
});
