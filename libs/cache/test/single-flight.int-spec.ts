import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace } from '@medicalink/testing';
import { CacheService, createRedisClient, type Loaded } from '../src/index';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'flight');
const redis = createRedisClient({
  url: infrastructure.redisUrl,
  keyPrefix: namespace.redisKeyPrefix,
});
const cache = new CacheService(redis, pino({ level: 'silent' }), { lockWaitMs: 60 });

beforeAll(async () => {
  // No offline queue: commands fail until the connection is up.
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});

afterAll(async () => {
  redis.disconnect();
  await namespace.cleanup();
});

/** A load that does not finish until the test says so. */
function heldLoad<T>() {
  let release!: (loaded: Loaded<T>) => void;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let calls = 0;
  const load = () => {
    calls += 1;
    markStarted();
    return new Promise<Loaded<T>>((resolve) => (release = resolve));
  };
  return { load, started, release: (loaded: Loaded<T>) => release(loaded), calls: () => calls };
}

describe('CacheService single-flight', () => {
  it('lets concurrent reads of one key share a load', async () => {
    const held = heldLoad<string>();
    const reads = Array.from({ length: 20 }, () => cache.read('doctor', 'shared', 60, held.load));
    await held.started;
    held.release({ value: 'loaded once', tags: ['doctor:a'] });
    const results = await Promise.all(reads);
    expect(held.calls()).toBe(1);
    expect(new Set(results.map((result) => result.value))).toEqual(new Set(['loaded once']));
  });

  it('does not hand a read issued after an invalidation the result of a read started before it', async () => {
    const before = heldLoad<string>();
    const early = cache.read('doctor', 'written', 60, before.load);
    await before.started;

    // A write commits and drops the doctor's entries; the early read has fetched the old state.
    await cache.invalidate(['doctor:b']);
    const late = cache.read('doctor', 'written', 60, () =>
      Promise.resolve({ value: 'after the write', tags: ['doctor:b'] }),
    );
    before.release({ value: 'before the write', tags: ['doctor:b'] });

    expect((await early).value).toBe('before the write');
    expect((await late).value).toBe('after the write');
    // The early read's value is not stored over the later one either (tag versions).
    const next = await cache.read('doctor', 'written', 60, () =>
      Promise.reject(new Error('should be a hit')),
    );
    expect(next).toMatchObject({ value: 'after the write', cache: { hit: true } });
  });
});
