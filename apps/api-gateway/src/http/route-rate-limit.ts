import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RedisScriptClient } from '@medicalink/cache';
import type { Logger } from '@medicalink/observability';
import { JwtError } from '../auth/jwt';
import type { VerifiedTokens } from '../auth/verified-tokens';
import { QuotaLeases, type Bucket, type Taken } from './quota-leases';

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

/** Routes with limits of their own (login) or that must answer anyone, always (health). */
const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/auth/login', '/health']);
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
 * plugin sees one count on the scale of its `max` = perToken). The counts live in Redis, so
 * every gateway instance shares them, spent from leases (QuotaLeases) so that most requests
 * make no round trip. Without Redis the limits still hold, per instance, in memory: failing
 * safe, never open and never with an error.
 */
export function routeRateLimitStore(
  redis: RateLimitRedisClient,
  limits: RouteRateLimits,
  logger: Pick<Logger, 'warn'>,
) {
  const leases = new QuotaLeases(redis);
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

  /** The address's count scaled from its own limit to the plugin's (perToken). */
  const scaled = (addressCount: number) =>
    Math.ceil((addressCount * limits.perToken) / limits.perAddress);

  const onPluginScale = ({ allowed, used, ttlMs }: Taken): Counted => {
    if (!allowed) return { current: limits.perToken + 1, ttl: ttlMs };
    const [address = 0, token = 0] = used;
    return { current: Math.min(limits.perToken, Math.max(scaled(address), token)), ttl: ttlMs };
  };

  const countedLocally = (buckets: Bucket[], windowMs: number): Counted => {
    const counts = countLocally(
      buckets.map(({ key }) => key),
      windowMs,
    );
    const [addressCount = 0, addressTtl = 0, tokenCount = 0, tokenTtl = 0] = counts;
    const byToken = buckets.length > 1 && tokenCount >= scaled(addressCount);
    return {
      current: byToken ? tokenCount : scaled(addressCount),
      ttl: byToken ? tokenTtl : addressTtl,
    };
  };

  return class RouteRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      const { address, token } = bucketsOf(key);
      const buckets: Bucket[] = [
        { key: `ratelimit:${address}`, limit: limits.perAddress },
        ...(token ? [{ key: `ratelimit:${token}`, limit: limits.perToken }] : []),
      ];
      const taken = leases.tryTake(buckets);
      if (taken) return callback(null, onPluginScale(taken));
      leases
        .take(buckets, timeWindow)
        .then(onPluginScale, (error: unknown) => {
          if (Date.now() - warnedAtMs > 10_000) {
            warnedAtMs = Date.now();
            logger.warn({ err: error }, 'route rate limits fall back to this instance (Redis)');
          }
          return countedLocally(buckets, timeWindow);
        })
        .then(
          (counted) => callback(null, counted),
          (error: unknown) => callback(error as Error, { current: 0, ttl: 0 }),
        );
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
