import { describe, expect, it, vi } from 'vitest';
import {
  FIXED_WINDOW_SCRIPT,
  LoginRateLimiter,
  loginRateKeys,
  type RateLimitRedis,
} from './login-rate-limiter';

/** Runs the fixed-window script's semantics in memory, with a clock the test moves. */
class FakeRedis implements RateLimitRedis {
  readonly counters = new Map<string, { count: number; expiresAt: number }>();
  readonly calls: { keys: string[]; window: number }[] = [];
  now = 0;

  async eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown> {
    expect(script).toBe(FIXED_WINDOW_SCRIPT);
    const keys = args.slice(0, numKeys).map(String);
    const window = Number(args[numKeys]);
    this.calls.push({ keys, window });
    return keys.flatMap((key) => {
      let entry = this.counters.get(key);
      if (!entry || entry.expiresAt <= this.now) {
        entry = { count: 0, expiresAt: this.now + window };
        this.counters.set(key, entry);
      }
      entry.count += 1;
      return [entry.count, entry.expiresAt - this.now];
    });
  }
}

const limits = { perIp: 5, perEmail: 3, windowSec: 60 };
const quietLogger = () => ({ warn: vi.fn() });

async function attempts(limiter: LoginRateLimiter, n: number, ip: string, email: string) {
  const decisions = [];
  for (let i = 0; i < n; i += 1) decisions.push(await limiter.consume(ip, email));
  return decisions;
}

describe('loginRateKeys', () => {
  it('keys by IP and by the lower-cased, trimmed email', () => {
    expect(loginRateKeys('10.0.0.7', ' Ann@Example.ORG ')).toEqual({
      ip: 'login:ip:10.0.0.7',
      email: 'login:email:ann@example.org',
    });
  });
});

describe('LoginRateLimiter', () => {
  it('counts both keys in one call with the window as TTL', async () => {
    const redis = new FakeRedis();
    await new LoginRateLimiter(redis, limits, quietLogger()).consume('10.0.0.1', 'a@b.co');

    expect(redis.calls).toEqual([
      { keys: ['login:ip:10.0.0.1', 'login:email:a@b.co'], window: 60 },
    ]);
  });

  it('allows the configured attempts per email, then refuses with the time left', async () => {
    const redis = new FakeRedis();
    const limiter = new LoginRateLimiter(redis, limits, quietLogger());

    const decisions = await attempts(limiter, 3, '10.0.0.1', 'a@b.co');
    redis.now = 20;
    const fourth = await limiter.consume('10.0.0.2', 'A@B.co');

    expect(decisions.every((decision) => decision.allowed)).toBe(true);
    expect(fourth).toEqual({ allowed: false, retryAfterSec: 40 });
  });

  it('limits per IP across different emails', async () => {
    const limiter = new LoginRateLimiter(new FakeRedis(), limits, quietLogger());

    for (let i = 0; i < 5; i += 1) {
      expect(await limiter.consume('10.0.0.1', `user${i}@b.co`)).toEqual({ allowed: true });
    }
    expect(await limiter.consume('10.0.0.1', 'fresh@b.co')).toMatchObject({ allowed: false });
    expect(await limiter.consume('10.0.0.9', 'fresh@b.co')).toEqual({ allowed: true });
  });

  it('starts a new window once the old one expires', async () => {
    const redis = new FakeRedis();
    const limiter = new LoginRateLimiter(redis, limits, quietLogger());
    await attempts(limiter, 4, '10.0.0.1', 'a@b.co');

    redis.now = 60;

    expect(await limiter.consume('10.0.0.1', 'a@b.co')).toEqual({ allowed: true });
  });

  it('reports the longer wait when both limits are exceeded, and at least one second', async () => {
    const redis: RateLimitRedis = { eval: async () => [9, 0, 9, 0] };
    const limiter = new LoginRateLimiter(redis, limits, quietLogger());

    expect(await limiter.consume('ip', 'e@x.co')).toEqual({ allowed: false, retryAfterSec: 1 });

    const both: RateLimitRedis = { eval: async () => [9, 12, 9, 45] };
    expect(await new LoginRateLimiter(both, limits, quietLogger()).consume('ip', 'e@x.co')).toEqual(
      { allowed: false, retryAfterSec: 45 },
    );
  });

  it.each([
    ['fails', { eval: () => Promise.reject(new Error('Connection is closed.')) }],
    ['hangs', { eval: () => new Promise<never>(() => undefined) }],
    ['answers nonsense', { eval: async () => 'OK' }],
  ])('lets the attempt through and warns when Redis %s', async (_label, redis) => {
    const logger = quietLogger();
    const limiter = new LoginRateLimiter(redis, limits, logger, 20);

    expect(await limiter.consume('10.0.0.1', 'a@b.co')).toEqual({ allowed: true });
    expect(logger.warn).toHaveBeenCalledOnce();
  });
});
