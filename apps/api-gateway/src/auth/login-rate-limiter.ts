import type { Logger } from '@medicalink/observability';

/** The one Redis call the limiter makes (ioredis's `eval`; the key prefix is applied by the client). */
export interface RateLimitRedis {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface LoginRateLimits {
  perIp: number;
  perEmail: number;
  windowSec: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSec: number };

/**
 * Fixed-window counters, atomically: INCR each key, give it the window as TTL
 * when it has none (first hit, or a key that somehow lost it), and return the
 * count and TTL of each.
 */
export const FIXED_WINDOW_SCRIPT = `
local result = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('TTL', key)
  if ttl < 0 then
    redis.call('EXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  result[2 * i - 1] = count
  result[2 * i] = ttl
end
return result
`;

export function loginRateKeys(ip: string, email: string): { ip: string; email: string } {
  return { ip: `login:ip:${ip}`, email: `login:email:${email.trim().toLowerCase()}` };
}

const REDIS_TIMEOUT_MS = 500;

/**
 * Limits login attempts per client IP and per email address. Every attempt
 * counts, successful or not: the check happens before the password is looked
 * at, so a guesser learns nothing from which attempts were counted.
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
    let counters: [number, number, number, number];
    try {
      counters = parseCounters(
        await withTimeout(
          this.redis.eval(FIXED_WINDOW_SCRIPT, 2, keys.ip, keys.email, this.limits.windowSec),
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
    const [ipCount, ipTtl, emailCount, emailTtl] = counters;
    const waits = [
      ...(ipCount > this.limits.perIp ? [ipTtl] : []),
      ...(emailCount > this.limits.perEmail ? [emailTtl] : []),
    ];
    if (waits.length === 0) return { allowed: true };
    return { allowed: false, retryAfterSec: Math.max(1, ...waits) };
  }
}

function parseCounters(reply: unknown): [number, number, number, number] {
  if (
    !Array.isArray(reply) ||
    reply.length !== 4 ||
    !reply.every((value) => typeof value === 'number')
  ) {
    throw new Error(`unexpected rate-limit reply ${JSON.stringify(reply)}`);
  }
  return reply as [number, number, number, number];
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
