import { describe, expect, it } from 'vitest';
import { assertDatabaseName, databaseUrl } from './database-name';

describe('databaseUrl', () => {
  it('keeps credentials, host, port and options and replaces only the database', () => {
    expect(
      databaseUrl('postgres://app:s3cret@db.internal:6543/postgres?sslmode=require', 'accounts'),
    ).toBe('postgres://app:s3cret@db.internal:6543/accounts?sslmode=require');
  });

  it('adds the database to a server URL without one', () => {
    expect(databaseUrl('postgresql://postgres@127.0.0.1:5432', 'test_ab12_product')).toBe(
      'postgresql://postgres@127.0.0.1:5432/test_ab12_product',
    );
  });

  it('refuses a name it could not put in the path as is', () => {
    expect(() => databaseUrl('postgres://127.0.0.1/postgres', 'a/b')).toThrow(
      /invalid database name/,
    );
  });
});

describe('assertDatabaseName', () => {
  it.each(['accounts', '_private', 'test_1f2e_orchestrator', 'a'.repeat(63)])(
    'accepts %s',
    (name) => {
      expect(assertDatabaseName(name)).toBe(name);
    },
  );

  it.each([
    '',
    'Accounts',
    'my-app',
    '1st',
    'x"; drop database postgres; --',
    'a'.repeat(64),
    'dé',
  ])('refuses %j', (name) => {
    expect(() => assertDatabaseName(name)).toThrow(/invalid database name/);
  });
});
