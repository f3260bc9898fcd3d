export { cacheKey, canonicalJson } from './cache-key';
export { CacheService, type CachedRead, type CacheSettings, type Loaded } from './cache.service';
export { createRedisClient, type RedisClientSettings } from './redis-client';
export { withDeadline } from './deadline';
export { RedisScript, type RedisScriptClient } from './redis-script';
