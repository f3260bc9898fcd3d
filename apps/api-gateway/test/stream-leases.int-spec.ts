import Redis from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace } from '@medicalink/testing';
import { StreamLeases, type StreamLease } from '../src/events/stream-leases';

const namespace = createTestNamespace(inject('infrastructure'), 'leases');
const connections: Redis[] = [];
const replicas: StreamLeases[] = [];
let counter = 0;

afterAll(async () => {
  for (const replica of replicas) await replica.stop();
  for (const connection of connections) connection.disconnect();
  await namespace.cleanup();
});

/** Two gateway replicas: each its own Redis connection and leases, one key space. */
function twoReplicas(ttlMs = 60_000, refreshMs = 60_000): [StreamLeases, StreamLeases] {
  counter += 1;
  const keyPrefix = `${namespace.redisKeyPrefix}${counter}:`;
  const make = () => {
    const redis = new Redis(namespace.infrastructure.redisUrl);
    connections.push(redis);
    const leases = new StreamLeases(redis, { keyPrefix, ttlMs, refreshMs });
    replicas.push(leases);
    return leases;
  };
  return [make(), make()];
}

const limits = { perToken: 2, perAddress: 3 };

async function leaseOf(leases: StreamLeases, token: string, address: string): Promise<StreamLease> {
  const admission = await leases.admit(token, address, limits);
  if (!admission.admitted) throw new Error(`refused by ${admission.by}`);
  return admission.lease;
}

describe('StreamLeases on Redis, shared by gateway replicas', () => {
  it('counts a token’s and an address’s streams over both replicas', async () => {
    const [a, b] = twoReplicas();
    await leaseOf(a, 'tok-1', '10.0.0.1');
    const second = await leaseOf(b, 'tok-1', '10.0.0.1');

    expect(await a.admit('tok-1', '10.0.0.2', limits)).toEqual({ admitted: false, by: 'token' });
    expect(await b.admit('tok-1', '10.0.0.2', limits)).toEqual({ admitted: false, by: 'token' });
    await leaseOf(a, 'tok-2', '10.0.0.1');
    expect(await b.admit('tok-3', '10.0.0.1', limits)).toEqual({
      admitted: false,
      by: 'address',
    });

    second.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await a.admit('tok-1', '10.0.0.2', limits)).admitted).toBe(true);
  });

  it('admits exactly the limit when both replicas race for the last slots', async () => {
    const [a, b] = twoReplicas();
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        (n % 2 ? a : b).admit('tok-race', `10.1.0.${n}`, limits),
      ),
    );
    expect(attempts.filter((attempt) => attempt.admitted)).toHaveLength(limits.perToken);
  });

  it('stops counting a crashed replica’s streams once their leases expire, while refreshed ones hold', async () => {
    const [crashed, alive] = twoReplicas(600, 100);
    alive.start();
    await leaseOf(crashed, 'tok-c', '10.2.0.1'); // never refreshed: its replica is gone
    await leaseOf(alive, 'tok-c', '10.2.0.2');
    expect(await alive.admit('tok-c', '10.2.0.3', limits)).toEqual({
      admitted: false,
      by: 'token',
    });

    await new Promise((resolve) => setTimeout(resolve, 900));

    // the crashed replica's lease expired; the live one, refreshed every 100 ms, still counts
    expect((await alive.admit('tok-c', '10.2.0.3', limits)).admitted).toBe(true);
    expect(await alive.admit('tok-c', '10.2.0.4', limits)).toEqual({
      admitted: false,
      by: 'token',
    });
  });

  it('releases every lease of a replica that stops gracefully', async () => {
    const [stopping, other] = twoReplicas();
    await leaseOf(stopping, 'tok-s', '10.3.0.1');
    await leaseOf(stopping, 'tok-s', '10.3.0.2');
    await stopping.stop();
    expect((await other.admit('tok-s', '10.3.0.3', limits)).admitted).toBe(true);
  });
});
