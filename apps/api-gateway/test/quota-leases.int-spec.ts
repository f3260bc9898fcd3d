import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RedisScriptClient } from '@medicalink/cache';
import { createTestNamespace } from '@medicalink/testing';
import { leaseSize, QuotaLeases, type Bucket } from '../src/http/quota-leases';

const namespace = createTestNamespace(inject('infrastructure'), 'quota');
let redis: Redis;
let bucketCount = 0;
const bucket = (limit: number): Bucket => ({ key: `ratelimit:b${(bucketCount += 1)}`, limit });

/** The Redis client with a count of the scripts run through it: the round trips. */
function countingClient(): { client: RedisScriptClient; roundTrips: () => number } {
  let calls = 0;
  type Args = (string | number)[];
  const client = {
    evalsha: (sha: string, keys: number, ...args: Args) => {
      calls += 1;
      return redis.evalsha(sha, keys, ...args);
    },
    eval: (lua: string, keys: number, ...args: Args) => redis.eval(lua, keys, ...args),
  } as unknown as RedisScriptClient;
  return { client, roundTrips: () => calls };
}

async function takeInTurn(instances: QuotaLeases[], buckets: Bucket[], times: number) {
  const allowed: boolean[] = [];
  for (let i = 0; i < times; i += 1) {
    allowed.push((await instances[i % instances.length]!.take(buckets, 60_000)).allowed);
  }
  return allowed;
}

beforeAll(() => {
  redis = new Redis(namespace.infrastructure.redisUrl, { keyPrefix: namespace.redisKeyPrefix });
});

afterAll(async () => {
  redis?.disconnect();
  await namespace.cleanup();
});

describe('QuotaLeases on Redis', () => {
  it('lets two instances taking in turn admit exactly the limit together, a round trip per lease', async () => {
    const first = countingClient();
    const second = countingClient();
    const instances = [new QuotaLeases(first.client), new QuotaLeases(second.client)];
    const limited = bucket(60);

    const allowed = await takeInTurn(instances, [limited], 70);

    expect(allowed.filter(Boolean)).toHaveLength(60);
    expect(allowed.slice(60)).toEqual(Array(10).fill(false));
    expect(Number(await redis.get(limited.key))).toBe(60);
    // 60 requests in leases of 3; then one refused ask: the instance that got the last lease
    // knows from its reply that nothing is left.
    expect(leaseSize(60)).toBe(3);
    expect(first.roundTrips() + second.roundTrips()).toBe(60 / 3 + 1);
  });

  it('answers most requests without Redis: a hundred requests, two round trips', async () => {
    const { client, roundTrips } = countingClient();
    const leases = new QuotaLeases(client);
    const buckets = [bucket(100_000), bucket(2_000)];

    const allowed = await takeInTurn([leases], buckets, 100);

    expect(allowed.every(Boolean)).toBe(true);
    expect(roundTrips()).toBe(2); // both buckets leased 50 at a time, in one script each time
    expect(leases.tryTake(buckets)).toBeUndefined(); // both leases spent: the next one asks
    expect(await leases.take(buckets, 60_000)).toMatchObject({ allowed: true, used: [101, 101] });
  });

  it('shares one lease among concurrent requests', async () => {
    const { client, roundTrips } = countingClient();
    const leases = new QuotaLeases(client);
    const limited = bucket(1_000);

    const taken = await Promise.all(
      Array.from({ length: 40 }, () => leases.take([limited], 60_000)),
    );

    expect(taken.every(({ allowed }) => allowed)).toBe(true);
    expect(roundTrips()).toBe(1); // a lease of 50 covers all 40
  });

  it('admits a burst larger than a lease when the limit allows it, in few round trips', async () => {
    const { client, roundTrips } = countingClient();
    const leases = new QuotaLeases(client);
    const limited = bucket(60); // leases of 3

    const taken = await Promise.all(
      Array.from({ length: 40 }, () => leases.take([limited], 60_000)),
    );

    expect(taken.filter(({ allowed }) => allowed)).toHaveLength(40);
    expect(roundTrips()).toBeLessThanOrEqual(2); // the waiting requests are asked for at once
    const over = await Promise.all(
      Array.from({ length: 30 }, () => leases.take([limited], 60_000)),
    );
    expect(over.filter(({ allowed }) => allowed)).toHaveLength(20);
  });

  it('refuses a request when any of its buckets is spent, without spending the others', async () => {
    const leases = new QuotaLeases(countingClient().client);
    const address = bucket(1_000);
    const token = bucket(2);

    const allowed = await takeInTurn([leases], [address, token], 3);

    expect(allowed).toEqual([true, true, false]);
    const refused = await leases.take([address, token], 60_000);
    expect(refused).toMatchObject({ allowed: false, used: [2, 2] });
    expect(refused.ttlMs).toBeGreaterThan(59_000);
  });

  it('grants again once the window is over', async () => {
    const leases = new QuotaLeases(countingClient().client);
    const limited = bucket(20);
    const take = () => leases.take([limited], 300);

    for (let i = 0; i < 20; i += 1) expect((await take()).allowed).toBe(true);
    const refused = await take();
    expect(refused.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, refused.ttlMs + 50));

    expect((await take()).allowed).toBe(true);
  });
});
