import { randomBytes } from 'node:crypto';
import amqplib from 'amqplib';
import Redis from 'ioredis';
import { SERVICE_NAMES } from '@medicalink/contracts';
import {
  eventsExchangeName,
  liveEventsQueueName,
  retryDelays,
  topologyFor,
  type RetrySettings,
} from '@medicalink/messaging';
import { dropDatabase, listDatabases } from '@medicalink/persistence';
import type { Infrastructure } from './infrastructure';

/** Retry settings test namespaces give their apps: fast, so retry tests take milliseconds. */
export const TEST_EVENT_RETRY: RetrySettings = { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 400 };

export interface TestNamespace {
  readonly id: string;
  /** queue/exchange prefix */
  readonly prefix: string;
  readonly redisKeyPrefix: string;
  readonly infrastructure: Infrastructure;
  /** this namespace's database for an app: `test_<id>_<app>` (created by whoever needs it) */
  database(app: string): string;
  /** env for an app started in this namespace */
  env(extra?: Record<string, string>): Record<string, string>;
  /** also clean up the topology of these (non-standard) service names */
  trackServices(...services: string[]): void;
  cleanup(): Promise<void>;
}

/** Apps with a database of their own, each told its name by `<APP>_DATABASE`. */
const DATABASE_APPS = ['accounts', 'directory', 'orchestrator', 'product', 'education'] as const;

/**
 * A private corner of the shared RabbitMQ, Redis and PostgreSQL for one test
 * file: its own queue prefix, key prefix and database names, removed by
 * cleanup(). Queues also carry an expiry, so a crashed run leaves little behind.
 */
export function createTestNamespace(infrastructure: Infrastructure, label = 't'): TestNamespace {
  const id = `${label}${randomBytes(4).toString('hex')}`.toLowerCase();
  const prefix = `test-${id}`;
  const redisKeyPrefix = `test:${id}:`;
  const databasePrefix = `test_${id.replace(/[^a-z0-9_]/g, '_')}_`;
  const database = (app: string) => `${databasePrefix}${app.replace(/-/g, '_')}`;
  const services = new Set<string>(SERVICE_NAMES);
  return {
    id,
    prefix,
    redisKeyPrefix,
    infrastructure,
    database,
    env: (extra = {}) => ({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
      HTTP_HOST: '127.0.0.1',
      RABBITMQ_URL: infrastructure.rabbitmqUrl,
      REDIS_URL: infrastructure.redisUrl,
      DATABASE_URL: infrastructure.postgresUrl,
      MESSAGING_PREFIX: prefix,
      MESSAGING_QUEUE_EXPIRES_MS: '600000',
      REDIS_KEY_PREFIX: redisKeyPrefix,
      EVENT_MAX_ATTEMPTS: String(TEST_EVENT_RETRY.maxAttempts),
      EVENT_RETRY_BASE_MS: String(TEST_EVENT_RETRY.baseDelayMs),
      EVENT_RETRY_MAX_MS: String(TEST_EVENT_RETRY.maxDelayMs),
      ...Object.fromEntries(
        DATABASE_APPS.map((app) => [`${app.toUpperCase()}_DATABASE`, database(app)]),
      ),
      ...extra,
    }),
    trackServices: (...names) => names.forEach((name) => services.add(name)),
    cleanup: async () => {
      await Promise.all([
        deleteTopology(infrastructure.rabbitmqUrl, prefix, services),
        deleteKeys(infrastructure.redisUrl, redisKeyPrefix),
        dropDatabases(infrastructure.postgresUrl, databasePrefix),
      ]);
    },
  };
}

async function deleteTopology(
  url: string,
  prefix: string,
  services: Iterable<string>,
): Promise<void> {
  const connection = await amqplib.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const service of services) {
      const topology = topologyFor(prefix, service);
      const queues = [
        topology.rpcQueue,
        topology.eventsQueue,
        topology.deadLetterQueue,
        ...retryDelays(TEST_EVENT_RETRY).map((delay) => topology.retryQueue(delay)),
      ];
      for (const queue of queues) await channel.deleteQueue(queue);
    }
    await channel.deleteQueue(liveEventsQueueName(prefix));
    await channel.deleteExchange(eventsExchangeName(prefix));
    await channel.close();
  } finally {
    await connection.close();
  }
}

async function dropDatabases(serverUrl: string, namePrefix: string): Promise<void> {
  for (const name of await listDatabases(serverUrl, namePrefix)) {
    await dropDatabase(serverUrl, name);
  }
}

async function deleteKeys(url: string, keyPrefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
