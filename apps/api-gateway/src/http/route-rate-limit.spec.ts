import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { signJwt } from '../auth/jwt';
import { VerifiedTokens } from '../auth/verified-tokens';
import { installRouteRateLimits, type RateLimitRedisClient } from './route-rate-limit';

const SECRET = 'rate-limit-test-secret-0123456789abcdef';
const token = (sub: string) =>
  signJwt({ sub, email: 'x@y.co', privilege: 'owner' }, SECRET, { expiresInSec: 60 });
const ACCOUNT_A = '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f';
const ACCOUNT_B = '0b8e8a57-6c5d-4a8e-9d3f-7c1b2a3d4e5f';

/** Redis down: every call fails at once, as ioredis does without its offline queue. */
const downRedis = {
  evalsha: () => Promise.reject(new Error("Stream isn't writeable")),
  eval: () => Promise.reject(new Error("Stream isn't writeable")),
} as unknown as RateLimitRedisClient;

async function gateway(redis: RateLimitRedisClient) {
  const app = Fastify();
  const logger = { warn: vi.fn() };
  await installRouteRateLimits(
    app,
    redis,
    { perToken: 3, perAddress: 5, windowMs: 60_000, tokens: new VerifiedTokens(SECRET) },
    logger,
  );
  app.get('/doctors', async () => ({ ok: true }));
  app.get('/health', async () => ({ ok: true }));
  app.post('/auth/login', async () => ({ ok: true }));
  await app.ready();
  const get = (url: string, sub?: string, ip = '10.0.0.1') =>
    app.inject({
      url,
      remoteAddress: ip,
      headers: sub ? { authorization: `Bearer ${token(sub)}` } : {},
    });
  return { app, get, logger };
}

describe('route rate limits', () => {
  it('limits per token and per address, and still does while Redis is down (per instance)', async () => {
    const { app, get, logger } = await gateway(downRedis);

    const a = [];
    for (let i = 0; i < 4; i += 1) a.push((await get('/doctors', ACCOUNT_A)).statusCode);
    expect(a).toEqual([200, 200, 200, 429]);
    // Another token from the same address has its own token bucket, but the address's is shared.
    expect((await get('/doctors', ACCOUNT_B)).statusCode).toBe(200);
    expect((await get('/doctors', ACCOUNT_B)).statusCode).toBe(429); // address: 6th request
    // Another address without a token is counted on its own.
    expect((await get('/doctors', undefined, '10.0.0.2')).statusCode).toBe(200);
    expect(logger.warn).toHaveBeenCalled();
    await app.close();
  });

  it('answers 429 with Retry-After, and leaves /health and /auth/login to their own rules', async () => {
    const { app, get } = await gateway(downRedis);
    for (let i = 0; i < 3; i += 1) await get('/doctors', ACCOUNT_A, '10.9.0.1');

    const refused = await get('/doctors', ACCOUNT_A, '10.9.0.1');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ message: 'Too many requests, try again later' });
    for (let i = 0; i < 10; i += 1) {
      expect((await get('/health', ACCOUNT_A, '10.9.0.1')).statusCode).toBe(200);
      expect(
        (await app.inject({ method: 'POST', url: '/auth/login', remoteAddress: '10.9.0.1' }))
          .statusCode,
      ).toBe(200);
    }
    await app.close();
  });
});
