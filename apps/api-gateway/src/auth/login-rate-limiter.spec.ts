import { describe, expect, it, vi } from 'vitest';
import { LoginRateLimiter, loginRateKeys, type RateLimitRedis } from './login-rate-limiter';

const limits = { perPair: 3, perEmail: 10, perIp: 5, windowSec: 60 };

describe('loginRateKeys', () => {
  it('keys by pair, email, address and known addresses, with the lower-cased, trimmed email', () => {
    expect(loginRateKeys('10.0.0.7', ' Ann@Example.ORG ')).toEqual({
      pair: 'login:pair:ann@example.org:10.0.0.7',
      email: 'login:email:ann@example.org',
      ip: 'login:ip:10.0.0.7',
      known: 'login:known:ann@example.org',
    });
  });
});

describe('LoginRateLimiter without Redis', () => {
  it.each([
    ['fails', { eval: () => Promise.reject(new Error('Connection is closed.')) }],
    ['hangs', { eval: () => new Promise<never>(() => undefined) }],
    ['answers nonsense', { eval: async () => 'OK' }],
  ])('lets the attempt through and warns when Redis %s', async (_label, redis: RateLimitRedis) => {
    const logger = { warn: vi.fn() };
    const limiter = new LoginRateLimiter(redis, limits, logger, 20);

    expect(await limiter.consume('10.0.0.1', 'a@b.co')).toEqual({ allowed: true });
    expect(logger.warn).toHaveBeenCalledOnce();
  });
});
