import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RedisScript, withDeadline, type RedisScriptClient } from '@medicalink/cache';
import type { Logger } from '@medicalink/observability';
import { JwtError } from '../auth/jwt';
import type { VerifiedTokens } from '../auth/verified-tokens';

export interface RouteRateLimits {
  /** requests per token (its account) per window */
  perToken: number;
  /** requests per client address per window */
  perAddress: number;
  windowMs: number;
  /** the gateway's token verification: only a valid token gets a bucket of its own */
  tokens: Pick<VerifiedTokens, 'verify'>;
}

/** Redis calls the store makes (ioredis; the client applies the key prefix). */
export type RateLimitRedisClient = RedisScriptClient;

/** Counts both keys of a request in one round trip: [count, pttl] per key. */
export const COUNT_SCRIPT = new RedisScript(`
local result = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  result[2 * i - 1] = count
  result[2 * i] = ttl
end
return result
`);

/** Routes with limits of their own (login) or that must answer anyone, always (health). */
const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/auth/login', '/health']);
const REDIS_TIMEOUT_MS = 250;
const FALLBACK_CAPACITY = 20_000;

type Counted = { current: number; ttl: number };
type Callback = (error: Error | null, result: Counted) => void;

/** `a:<address>` or `a:<address>|t:<account>`: the buckets one request counts against. */
export function bucketsOf(key: string): { address: string; token?: string } {
  const [address = key, token] = key.split('|');
  return token ? { address, token } : { address };
}

/**
 * The store behind @fastify/rate-limit: every request counts against its address's bucket
 * and, with a valid token, its account's; it is refused once either is over its limit (the
 * plugin sees one count, scaled to its `max` = perToken). Counters live in Redis, so every
 * gateway instance shares them. Without Redis the limits still hold, per instance, in
 * memory: failing safe, never open and never with an error.
 */
export function routeRateLimitStore(
  redis: RateLimitRedisClient,
  limits: RouteRateLimits,
  logger: Pick<Logger, 'warn'>,
) {
  const local = new Map<string, { count: number; resetAtMs: number }>();
  let warnedAtMs = 0;

  const countLocally = (keys: string[], windowMs: number): number[] => {
    const now = Date.now();
    return keys.flatMap((key) => {
      let entry = local.get(key);
      if (!entry || entry.resetAtMs <= now) {
        if (local.size >= FALLBACK_CAPACITY) local.delete(local.keys().next().value as string);
        entry = { count: 0, resetAtMs: now + windowMs };
        local.set(key, entry);
      }
      entry.count += 1;
      return [entry.count, entry.resetAtMs - now];
    });
  };

  const countInRedis = async (keys: string[], windowMs: number): Promise<number[]> => {
    const reply = await withDeadline(COUNT_SCRIPT.run(redis, keys, [windowMs]), REDIS_TIMEOUT_MS);
    if (!Array.isArray(reply) || !reply.every((value) => typeof value === 'number')) {
      throw new Error('unexpected rate-limit reply');
    }
    return reply;
  };

  return class RouteRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      const { address, token } = bucketsOf(key);
      const keys = [`ratelimit:${address}`, ...(token ? [`ratelimit:${token}`] : [])];
      countInRedis(keys, timeWindow)
        .catch((error: unknown) => {
          if (Date.now() - warnedAtMs > 10_000) {
            warnedAtMs = Date.now();
            logger.warn({ err: error }, 'route rate limits fall back to this instance (Redis)');
          }
          return countLocally(keys, timeWindow);
        })
        .then((counts) => {
          const [addressCount = 0, addressTtl = 0, tokenCount = 0, tokenTtl = 0] = counts;
          // On the plugin's scale (max = perToken): the address's count scaled to its own limit.
          const scaledAddress = Math.ceil((addressCount * limits.perToken) / limits.perAddress);
          const byToken = token !== undefined && tokenCount >= scaledAddress;
          callback(null, {
            current: byToken ? tokenCount : scaledAddress,
            ttl: byToken ? tokenTtl : addressTtl,
          });
        })
        .catch((error: unknown) => callback(error as Error, { current: 0, ttl: 0 }));
    }

    child(): RouteRateLimitStore {
      return this;
    }
  };
}

/** The bucket key: the address, plus the account of a valid token. */
export function rateLimitKey(
  request: FastifyRequest,
  tokens: Pick<VerifiedTokens, 'verify'>,
): string {
  const address = `a:${request.ip}`;
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return address;
  try {
    return `${address}|t:${tokens.verify(match[1]).sub}`;
  } catch (error) {
    if (error instanceof JwtError) return address; // refused by the guard anyway
    throw error;
  }
}

export class TooManyRequestsError extends Error {
  readonly statusCode = 429;
  constructor() {
    super('Too many requests, try again later');
    this.name = 'TooManyRequestsError';
  }
}

/** Per-token and per-address limits on every route but login (its own limiter) and health. */
export async function installRouteRateLimits(
  fastify: FastifyInstance,
  redis: RateLimitRedisClient,
  limits: RouteRateLimits,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  await fastify.register(rateLimit, {
    global: true,
    max: limits.perToken,
    timeWindow: limits.windowMs,
    store: routeRateLimitStore(redis, limits, logger),
    keyGenerator: (request) => rateLimitKey(request, limits.tokens),
    allowList: (request) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
    skipOnError: true,
    errorResponseBuilder: () => new TooManyRequestsError(),
  });
}
