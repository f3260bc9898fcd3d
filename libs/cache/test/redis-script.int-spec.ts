import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace } from '@medicalink/testing';
import { createRedisClient, RedisScript } from '../src/index';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'script');
const redis = createRedisClient({
  url: infrastructure.redisUrl,
  keyPrefix: namespace.redisKeyPrefix,
});

beforeAll(async () => {
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});

afterAll(async () => {
  redis.disconnect();
  await namespace.cleanup();
});

describe('RedisScript', () => {
  it('loads a script Redis does not know with EVAL, then runs it by its SHA1', async () => {
    // a body no other run has sent, so Redis cannot know it yet (no global SCRIPT FLUSH needed)
    const script = new RedisScript(
      `-- ${randomUUID()}\nreturn {KEYS[1], redis.call('INCRBY', KEYS[1], ARGV[1])}`,
    );
    const [known] = (await redis.script('EXISTS', script.sha)) as number[];
    expect(known).toBe(0);

    expect(await script.run(redis, ['counter'], [2])).toEqual([
      `${namespace.redisKeyPrefix}counter`,
      2,
    ]);
    const [loaded] = (await redis.script('EXISTS', script.sha)) as number[];
    expect(loaded).toBe(1);
    expect(await script.run(redis, ['counter'], [3])).toEqual([
      `${namespace.redisKeyPrefix}counter`,
      5,
    ]);
  });

  it('passes a script error on instead of retrying it', async () => {
    const failing = new RedisScript(
      `-- ${randomUUID()}\nreturn redis.error_reply('BROKEN on purpose')`,
    );
    await expect(failing.run(redis, ['any'])).rejects.toThrow('BROKEN on purpose');
  });
});
