import Redis from 'ioredis';

export interface RedisClientSettings {
  url: string;
  keyPrefix: string;
}

/**
 * A Redis client for caches and limits: calls fail at once while Redis is away
 * (no offline queue), so callers can degrade instead of piling up waits.
 */
export function createRedisClient(settings: RedisClientSettings): Redis {
  const client = new Redis(settings.url, {
    keyPrefix: settings.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    // commands issued in the same tick leave in one write (socket writes cost more than Redis)
    enableAutoPipelining: true,
  });
  client.on('error', () => undefined); // it reconnects by itself; health checks report the outage
  return client;
}
