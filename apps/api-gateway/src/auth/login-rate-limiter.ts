import { withDeadline } from '@medicalink/cache';
import type { Logger } from '@medicalink/observability';

/** The one Redis call the limiter makes (ioredis's `eval`; the key prefix is applied by the client). */
export interface RateLimitRedis {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface LoginRateLimits {
  /** failed attempts per (email, client address) pair per window: what a guesser from one place gets */
  perPair: number;
  /** failed attempts per email across all addresses per window: the ceiling for a distributed run */
  perEmail: number;
  /** failed attempts per client address across all emails per window (password spraying) */
  perIp: number;
  windowSec: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSec: number };

/** How long an address that logged in successfully stays known for its email (seconds). */
export const KNOWN_ADDRESS_TTL_SEC = 30 * 24 * 3_600;

/**
 * Before an attempt, atomically: refuse it if the pair, the address or (for an address that
 * never logged in to this email) the email has used its failures, else count it against all
 * three (fixed windows). The answer: 0 or 1 (allowed), then the TTL of the key that refused.
 * KEYS: pair, email, ip, known; ARGV: window, perPair, perEmail, perIp, address.
 */
export const RESERVE_SCRIPT = `
local window = tonumber(ARGV[1])
local known = redis.call('SISMEMBER', KEYS[4], ARGV[5]) == 1
local limits = { tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]) }
local wait = 0
for i = 1, 3 do
  if not (i == 2 and known) then
    local count = tonumber(redis.call('GET', KEYS[i]) or '0')
    if count >= limits[i] then
      local ttl = redis.call('TTL', KEYS[i])
      if ttl < 1 then ttl = 1 end
      if ttl > wait then wait = ttl end
    end
  end
end
if wait > 0 then return { 0, wait } end
for i = 1, 3 do
  redis.call('INCR', KEYS[i])
  if redis.call('TTL', KEYS[i]) < 0 then redis.call('EXPIRE', KEYS[i], window) end
end
return { 1, 0 }
`;

/**
 * After an attempt that was not a failed guess, its count is given back. ARGV[1] = 1 for a
 * successful login: the pair's count is reset and the address becomes known for the email.
 * KEYS: pair, email, ip, known; ARGV: success, address, knownTtl.
 */
export const SETTLE_SCRIPT = `
for i = 1, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
if ARGV[1] == '1' then
  redis.call('DEL', KEYS[1])
  redis.call('SADD', KEYS[4], ARGV[2])
  redis.call('EXPIRE', KEYS[4], ARGV[3])
end
return 1
`;

export function loginRateKeys(ip: string, email: string) {
  const normalized = email.trim().toLowerCase();
  return {
    pair: `login:pair:${normalized}:${ip}`,
    email: `login:email:${normalized}`,
    ip: `login:ip:${ip}`,
    known: `login:known:${normalized}`,
  };
}

const REDIS_TIMEOUT_MS = 500;

/**
 * Limits failed logins: per (email, address) pair, so another address's failures
 * cannot lock the owner out; per address, against spraying one password over many emails; and
 * per email across all addresses, a ceiling that stops a distributed guessing run, which does
 * not apply to addresses that logged in to that email before (so such a run cannot lock its
 * owner out either). An attempt is counted before the password is checked (so parallel guesses
 * cannot slip through) and given back once it turns out not to be a failed guess.
 */
export class LoginRateLimiter {
  constructor(
    private readonly redis: RateLimitRedis,
    private readonly limits: LoginRateLimits,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly timeoutMs = REDIS_TIMEOUT_MS,
  ) {}

  async consume(ip: string, email: string): Promise<RateLimitDecision> {
    const keys = loginRateKeys(ip, email);
    const { perPair, perEmail, perIp, windowSec } = this.limits;
    let reply: [number, number];
    try {
      reply = parseReply(
        await withDeadline(
          this.redis.eval(
            RESERVE_SCRIPT,
            4,
            keys.pair,
            keys.email,
            keys.ip,
            keys.known,
            windowSec,
            perPair,
            perEmail,
            perIp,
            ip,
          ),
          this.timeoutMs,
        ),
      );
    } catch (error) {
      // Fail open: without Redis nobody could log in at all, which is worse than
      // briefly losing the limit; password hashing in the accounts service still
      // makes each guess slow, and the warning makes the outage visible.
      this.logger.warn(
        { err: error },
        'login rate limit unavailable (Redis); letting the attempt through',
      );
      return { allowed: true };
    }
    const [allowed, wait] = reply;
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterSec: Math.max(1, wait) };
  }

  /** The attempt logged in: its count is given back, the pair starts over, the address is known. */
  succeeded(ip: string, email: string): Promise<void> {
    return this.settle(ip, email, true);
  }

  /** The attempt was not a guess that failed (e.g. the accounts service did not answer). */
  refund(ip: string, email: string): Promise<void> {
    return this.settle(ip, email, false);
  }

  private async settle(ip: string, email: string, success: boolean): Promise<void> {
    const keys = loginRateKeys(ip, email);
    try {
      await withDeadline(
        this.redis.eval(
          SETTLE_SCRIPT,
          4,
          keys.pair,
          keys.email,
          keys.ip,
          keys.known,
          success ? 1 : 0,
          ip,
          KNOWN_ADDRESS_TTL_SEC,
        ),
        this.timeoutMs,
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'login rate limit not settled (Redis)');
    }
  }
}

function parseReply(reply: unknown): [number, number] {
  if (
    !Array.isArray(reply) ||
    reply.length !== 2 ||
    !reply.every((value) => typeof value === 'number')
  ) {
    throw new Error('unexpected rate-limit reply');
  }
  return reply as [number, number];
}
