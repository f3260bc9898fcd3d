import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTestNamespace } from '@medicalink/testing';
import { LoginRateLimiter } from '../src/auth/login-rate-limiter';

const namespace = createTestNamespace(inject('infrastructure'), 'loginlim');
let redis: Redis;
const limits = { perPair: 3, perEmail: 8, perIp: 6, windowSec: 60 };
let limiter: LoginRateLimiter;
let counter = 0;
const fresh = (what: string) => `${what}-${(counter += 1)}@medicalink.test`;

beforeAll(() => {
  redis = new Redis(namespace.infrastructure.redisUrl, { keyPrefix: namespace.redisKeyPrefix });
  limiter = new LoginRateLimiter(redis, limits, { warn: vi.fn() });
});

afterAll(async () => {
  redis?.disconnect();
  await namespace.cleanup();
});

/** n failed guesses: each admitted, counted, never settled. */
async function fail(n: number, ip: string, email: string): Promise<boolean[]> {
  const admitted: boolean[] = [];
  for (let i = 0; i < n; i += 1) admitted.push((await limiter.consume(ip, email)).allowed);
  return admitted;
}

async function login(ip: string, email: string): Promise<boolean> {
  const decision = await limiter.consume(ip, email);
  if (decision.allowed) await limiter.succeeded(ip, email);
  return decision.allowed;
}

describe('LoginRateLimiter on Redis', () => {
  it('never counts successful logins: the owner logs in as often as it likes', async () => {
    const email = fresh('owner');
    for (let i = 0; i < 20; i += 1) expect(await login('10.1.0.1', email)).toBe(true);
  });

  it("limits failures per (email, address): another address's failures cannot lock the owner out", async () => {
    const email = fresh('admin');
    expect(await fail(3, '10.2.0.66', email)).toEqual([true, true, true]);
    const refused = await limiter.consume('10.2.0.66', email);

    expect(refused).toMatchObject({ allowed: false });
    expect((refused as { retryAfterSec: number }).retryAfterSec).toBeGreaterThan(0);
    expect(await login('10.2.0.1', email)).toBe(true);
  });

  it('resets a pair on success', async () => {
    const email = fresh('typo');
    await fail(2, '10.3.0.1', email);
    expect(await login('10.3.0.1', email)).toBe(true);
    expect(await fail(3, '10.3.0.1', email)).toEqual([true, true, true]);
  });

  it('stops a distributed run at the per-email ceiling, but not for an address known to the email', async () => {
    const email = fresh('target');
    expect(await login('10.4.0.1', email)).toBe(true); // the owner's usual address
    for (let i = 0; i < 8; i += 1) {
      expect(await fail(1, `10.4.1.${i}`, email)).toEqual([true]);
    }

    expect((await limiter.consume('10.4.2.1', email)).allowed).toBe(false);
    expect(await login('10.4.0.1', email)).toBe(true);
  });

  it('limits failures per address across emails (spraying)', async () => {
    for (let i = 0; i < 6; i += 1)
      expect(await fail(1, '10.5.0.1', fresh('spray'))).toEqual([true]);

    expect((await limiter.consume('10.5.0.1', fresh('spray'))).allowed).toBe(false);
    expect((await limiter.consume('10.5.0.2', fresh('spray'))).allowed).toBe(true);
  });

  it('gives back an attempt that was not a failed guess', async () => {
    const email = fresh('outage');
    for (let i = 0; i < 10; i += 1) {
      expect((await limiter.consume('10.6.0.1', email)).allowed).toBe(true);
      await limiter.refund('10.6.0.1', email);
    }
  });
});
