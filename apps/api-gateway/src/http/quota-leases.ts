import { RedisScript, withDeadline, type RedisScriptClient } from '@medicalink/cache';

/**
 * Grants each key up to its wanted share of what its limit leaves in the window, in one round
 * trip: per key [granted, used (granted included), pttl]. ARGV: window ms, then limit and
 * wanted per key. A key counts everything ever granted in its window (a plain integer, as
 * INCR would leave it), so instances on the older per-request count share it too.
 */
export const LEASE_SCRIPT = new RedisScript(`
local window = tonumber(ARGV[1])
local result = {}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i])
  local wanted = tonumber(ARGV[2 * i + 1])
  local used = tonumber(redis.call('GET', key) or '0')
  local granted = math.max(0, math.min(wanted, limit - used))
  if granted > 0 then used = redis.call('INCRBY', key, granted) end
  local ttl = redis.call('PTTL', key)
  if ttl == -1 then
    redis.call('PEXPIRE', key, window)
    ttl = window
  elseif ttl == -2 then
    ttl = window
  end
  result[3 * i - 2] = granted
  result[3 * i - 1] = used
  result[3 * i] = ttl
end
return result
`);

const REDIS_TIMEOUT_MS = 250;
/** A lease is a twentieth of the limit, at most this: what other instances may not get. */
const MAX_LEASE = 50;
/** Buckets remembered at most (the oldest dropped first, its unspent quota with it). */
const CAPACITY = 20_000;

/** One limited bucket of a request: its Redis key and its limit per window. */
export interface Bucket {
  key: string;
  limit: number;
}

/** What taking one request from its buckets decided; `used` estimates each bucket's count. */
export interface Taken {
  allowed: boolean;
  /** per bucket, in order: admitted in this window as far as this instance knows */
  used: number[];
  /** until the deciding bucket's window ends */
  ttlMs: number;
}

interface Lease {
  /** quota this instance holds and has not spent */
  left: number;
  /** the bucket's count in Redis when the lease was granted */
  used: number;
  expiresAtMs: number;
}

/** How much of a limit one lease asks for. */
export function leaseSize(limit: number): number {
  return Math.max(1, Math.min(MAX_LEASE, Math.floor(limit / 20)));
}

/**
 * Request limits shared by every gateway instance through Redis without a round trip per
 * request: an instance leases a slice of each bucket's quota (a twentieth of the limit, at most
 * 50, or as many as requests wait for it) and spends it locally, asking again when it runs out.
 * Redis never grants more than the limit, so the instances together never admit more than it
 * in a window; what one instance holds unspent when another runs out is refused to the other
 * (at most a lease per other instance). A bucket whose quota is all granted is refused locally
 * until its window ends.
 */
export class QuotaLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly renewing = new Map<string, Promise<void>>();
  /** requests waiting for a bucket's next lease: a lease asks for at least as many */
  private readonly waiting = new Map<string, number>();

  constructor(private readonly redis: RedisScriptClient) {}

  /** Takes one request from every bucket, or from none; undefined when a lease must be asked. */
  tryTake(buckets: readonly Bucket[]): Taken | undefined {
    const now = Date.now();
    const leases: Lease[] = [];
    for (const bucket of buckets) {
      const lease = this.leases.get(bucket.key);
      if (!lease || lease.expiresAtMs <= now) return undefined;
      if (lease.left === 0) {
        if (lease.used < bucket.limit) return undefined; // more may be granted
        return { allowed: false, used: this.usedOf(buckets), ttlMs: lease.expiresAtMs - now };
      }
      leases.push(lease);
    }
    for (const lease of leases) lease.left -= 1;
    const used = this.usedOf(buckets);
    const deciding = leases[used.indexOf(Math.max(...used))]!;
    return { allowed: true, used, ttlMs: deciding.expiresAtMs - now };
  }

  /**
   * tryTake, asking Redis for the leases it lacks first; rejects when Redis does not answer.
   * Each lease either grants something or tells that the bucket is spent, so the loop ends.
   */
  async take(buckets: readonly Bucket[], windowMs: number): Promise<Taken> {
    let taken = this.tryTake(buckets);
    if (taken) return taken;
    this.count(buckets, 1);
    try {
      while (!taken) {
        await this.renew(buckets, windowMs);
        taken = this.tryTake(buckets);
      }
      return taken;
    } finally {
      this.count(buckets, -1);
    }
  }

  private count(buckets: readonly Bucket[], change: 1 | -1): void {
    for (const { key } of buckets) {
      const waiting = (this.waiting.get(key) ?? 0) + change;
      if (waiting > 0) this.waiting.set(key, waiting);
      else this.waiting.delete(key);
    }
  }

  private usedOf(buckets: readonly Bucket[]): number[] {
    return buckets.map(({ key }) => {
      const lease = this.leases.get(key);
      return lease ? lease.used - lease.left : 0;
    });
  }

  private async renew(buckets: readonly Bucket[], windowMs: number): Promise<void> {
    const now = Date.now();
    const waits: Promise<void>[] = [];
    const asked: Bucket[] = [];
    for (const bucket of buckets) {
      const lease = this.leases.get(bucket.key);
      if (lease && lease.expiresAtMs > now && lease.left > 0) continue;
      const pending = this.renewing.get(bucket.key);
      if (pending) waits.push(pending);
      else asked.push(bucket);
    }
    if (asked.length > 0) {
      const request = this.lease(asked, windowMs);
      for (const { key } of asked) this.renewing.set(key, request);
      waits.push(request.finally(() => asked.forEach(({ key }) => this.renewing.delete(key))));
    }
    await Promise.all(waits);
  }

  private async lease(buckets: readonly Bucket[], windowMs: number): Promise<void> {
    const wanted = ({ key, limit }: Bucket) =>
      Math.max(leaseSize(limit), this.waiting.get(key) ?? 0);
    const args = [windowMs, ...buckets.flatMap((bucket) => [bucket.limit, wanted(bucket)])];
    const reply = await withDeadline(
      LEASE_SCRIPT.run(
        this.redis,
        buckets.map(({ key }) => key),
        args,
      ),
      REDIS_TIMEOUT_MS,
    );
    if (!Array.isArray(reply) || reply.length !== buckets.length * 3) {
      throw new Error('unexpected rate-limit lease reply');
    }
    const values = reply.map(Number);
    const now = Date.now();
    buckets.forEach(({ key }, index) => {
      const [granted = 0, used = 0, ttlMs = windowMs] = values.slice(index * 3, index * 3 + 3);
      const previous = this.leases.get(key);
      const kept = previous && previous.expiresAtMs > now ? previous.left : 0;
      if (!previous && this.leases.size >= CAPACITY) {
        this.leases.delete(this.leases.keys().next().value as string);
      }
      this.leases.set(key, { left: kept + granted, used, expiresAtMs: now + ttlMs });
    });
  }
}
