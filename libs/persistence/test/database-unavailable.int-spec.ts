import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace, freePort, proxyInFrontOf, type TcpProxy } from '@medicalink/testing';
import {
  createDatabase,
  databaseUrl,
  DatabaseUnavailableError,
  ensureDatabase,
  sql,
  type Kysely,
} from '../src/index';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'dbdown');
let proxy: TcpProxy;
let db: Kysely<Record<string, never>>;

/** The namespace's database, reached through a proxy the tests can take down. */
beforeAll(async () => {
  const url = databaseUrl(infrastructure.postgresUrl, namespace.database('outage'));
  await ensureDatabase(infrastructure.postgresUrl, namespace.database('outage'));
  const postgres = await proxyInFrontOf(url, 5432);
  proxy = postgres.proxy;
  db = createDatabase(postgres.url, { connectionTimeoutMs: 2_000 });
});

afterAll(async () => {
  await db?.destroy();
  await proxy?.close();
  await namespace.cleanup();
});

const selectOne = () => sql<{ one: number }>`select 1 as one`.execute(db);

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected the query to fail');
    },
    (error: unknown) => error,
  );
}

describe('a database that cannot serve', () => {
  it('answers 503 (retryable) while down, and serves again once back', async () => {
    await selectOne(); // a pooled connection exists, and is then cut
    proxy.pause();
    try {
      // The pooled connection was cut: the first query may find it dead (outcome unknown) or
      // already discarded; from then on no connection can be had (nothing ran).
      const first = await failure(selectOne());
      expect(first).toBeInstanceOf(DatabaseUnavailableError);
      expect(first).toMatchObject({ status: 503, retryable: true });
      const second = await failure(selectOne());
      expect(second).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503, retryable: true });
    } finally {
      proxy.resume();
    }
    const { rows } = await selectOne();
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('fails a query whose connection is cut mid-way with DATABASE_CONNECTION_LOST, and goes on', async () => {
    const slow = failure(sql`select pg_sleep(5)`.execute(db));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the query is running
    proxy.dropConnections();
    expect(await slow).toMatchObject({ code: 'DATABASE_CONNECTION_LOST', status: 503 });
    const { rows } = await selectOne(); // a new connection; an unheard 'error' would have ended the run
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('answers DATABASE_UNAVAILABLE with the reason in its details when nothing listens', async () => {
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/nowhere`;
    const nowhere = createDatabase(url, { connectionTimeoutMs: 2_000 });
    try {
      const error = await failure(sql`select 1`.execute(nowhere));
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as DatabaseUnavailableError).details?.['reason']).toMatch(/ECONNREFUSED/);
    } finally {
      await nowhere.destroy();
    }
  });

  it('passes errors of the query itself through unchanged', async () => {
    const error = await failure(sql`select 1 / 0`.execute(db));
    expect(error).not.toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ code: '22012' }); // division_by_zero
  });
});
