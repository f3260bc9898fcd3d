import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace } from '@medicalink/testing';
import { CacheService, createRedisClient } from '../src/index';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'tagbound');
const redis = createRedisClient({
  url: infrastructure.redisUrl,
  keyPrefix: namespace.redisKeyPrefix,
});
const MAX = 5;
const cache = new CacheService(redis, pino({ level: 'silent' }), { maxTagMembers: MAX });

beforeAll(async () => {
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});

afterAll(async () => {
  redis.disconnect();
  await namespace.cleanup();
});

const search = (term: string, ttlSec = 60) =>
  cache.read('doctors', `doctors:${term}`, ttlSec, async () => ({
    value: { term },
    tags: ['doctors:lists'],
  }));

describe('tag sets are bounded', () => {
  it('stops caching unique searches once the list tag names maxTagMembers entries', async () => {
    for (let i = 0; i < 40; i += 1)
      expect((await search(`unique-${i}`)).value).toEqual({
        term: `unique-${i}`,
      });

    expect(await redis.scard('cache:tag:doctors:lists')).toBe(MAX);
    // Cached ones still hit; the others are served (uncached), never refused.
    expect((await search('unique-0')).cache.hit).toBe(true);
    expect((await search('unique-39')).cache.hit).toBe(false);
  });

  it('makes room again as entries expire, and after an invalidation', async () => {
    await cache.invalidate(['doctors:lists']);
    for (let i = 0; i < MAX; i += 1) await search(`short-${i}`, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    await search('after-expiry');

    expect((await search('after-expiry')).cache.hit).toBe(true);
    expect(await redis.scard('cache:tag:doctors:lists')).toBeLessThanOrEqual(MAX);
  });
});
