import amqplib from 'amqplib';
import { z } from 'zod';
import { defineEvent } from '@medicalink/contracts';
import { eventsExchangeName } from '@medicalink/messaging';
import type { TestNamespace } from '@medicalink/testing';
import {
  createDatabase,
  databaseUrl,
  ensureDatabase,
  migrateToLatest,
  persistenceMigrations,
  type Generated,
  type Kysely,
  type Migration,
  type PersistenceTables,
} from '../src/index';

/** A domain table the tests change in the same transaction as the outbox or a claim. */
export interface TestTables extends PersistenceTables {
  effects: { id: Generated<number>; kind: string; ref: string };
}

export const testMigrations: Record<string, Migration> = {
  '0001_effects': {
    async up(db) {
      await db.schema
        .createTable('effects')
        .addColumn('id', 'serial', (col) => col.primaryKey())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('ref', 'text', (col) => col.notNull())
        .execute();
    },
  },
};

export const itemCreated = defineEvent(
  'test.item.created',
  z.object({ id: z.string(), n: z.number().int() }).strict(),
);

/** Creates and migrates the namespace's database for `app`. */
export async function openTestDatabase(
  namespace: TestNamespace,
  app: string,
  options: { maxConnections?: number } = {},
): Promise<Kysely<TestTables>> {
  const server = namespace.infrastructure.postgresUrl;
  await ensureDatabase(server, namespace.database(app));
  const db = createDatabase<TestTables>(databaseUrl(server, namespace.database(app)), options);
  await migrateToLatest(db, { ...persistenceMigrations, ...testMigrations });
  return db;
}

export async function countEffects(db: Kysely<TestTables>, ref: string): Promise<number> {
  const rows = await db.selectFrom('effects').select('id').where('ref', '=', ref).execute();
  return rows.length;
}

/** A queue of our own bound to the namespace's events exchange, to see what was published. */
export async function bindProbeQueue(namespace: TestNamespace, name: string): Promise<string> {
  const queue = `${namespace.prefix}.probe-${name}`;
  const connection = await amqplib.connect(namespace.infrastructure.rabbitmqUrl);
  try {
    const channel = await connection.createChannel();
    const exchange = eventsExchangeName(namespace.prefix);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: false, arguments: { 'x-expires': 60_000 } });
    await channel.bindQueue(queue, exchange, '#');
    await channel.close();
  } finally {
    await connection.close();
  }
  return queue;
}

export async function purgeQueue(url: string, queue: string): Promise<void> {
  const connection = await amqplib.connect(url);
  try {
    const channel = await connection.createChannel();
    await channel.purgeQueue(queue);
    await channel.close();
  } finally {
    await connection.close();
  }
}
