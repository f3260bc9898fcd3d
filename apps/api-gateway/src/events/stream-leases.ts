import { createHash, randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

export interface StreamLeaseOptions {
  /** key prefix (the gateway's REDIS_KEY_PREFIX) */
  keyPrefix: string;
  /** how long a lease counts without a refresh: a crashed gateway's streams stop counting after it */
  ttlMs: number;
  /** how often this instance refreshes its leases (well under ttlMs) */
  refreshMs: number;
}

export interface StreamLimits {
  perToken: number;
  perAddress: number;
}

export type Admission =
  { admitted: true; lease: StreamLease } | { admitted: false; by: 'token' | 'address' };

export interface StreamLease {
  release(): void;
}

/**
 * Admits a stream only if, counted over every gateway replica, that token and that address
 * hold fewer streams than their limits: one sorted set per token (hashed: no token is stored)
 * and per address, a member per open stream scored by its expiry. Admission prunes the expired
 * members, counts and adds in one script, so two replicas cannot both admit the last slot.
 */
const ADMIT = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 2 end
local expiry = now + tonumber(ARGV[2])
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], expiry, ARGV[3])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 0`;

/**
 * The leases of the streams open on this instance: refreshed together on a timer (like the
 * heartbeat), each released when its stream closes, all released on a graceful stop.
 */
export class StreamLeases {
  private readonly held = new Map<string, readonly [string, string]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly options: StreamLeaseOptions,
  ) {}

  start(): void {
    this.timer = setInterval(
      () => void this.refresh().catch(() => undefined),
      this.options.refreshMs,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const releases = [...this.held.keys()].map((member) => this.release(member));
    await Promise.all(releases);
  }

  /** Throws when Redis does not answer (the caller decides what to do then). */
  async admit(token: string, address: string, limits: StreamLimits): Promise<Admission> {
    const keys = [this.key('token', hash(token)), this.key('address', address)] as const;
    const member = randomUUID();
    const verdict = await this.redis.eval(
      ADMIT,
      2,
      ...keys,
      Date.now(),
      this.options.ttlMs,
      member,
      limits.perToken,
      limits.perAddress,
    );
    if (verdict === 1) return { admitted: false, by: 'token' };
    if (verdict === 2) return { admitted: false, by: 'address' };
    this.held.set(member, keys);
    return { admitted: true, lease: { release: () => void this.release(member) } };
  }

  /** Pushes every held lease's expiry forward (a member released meanwhile is not re-added). */
  async refresh(): Promise<void> {
    if (this.held.size === 0) return;
    const expiry = Date.now() + this.options.ttlMs;
    const pipeline = this.redis.pipeline();
    const keys = new Set<string>();
    for (const [member, pair] of this.held) {
      for (const key of pair) {
        pipeline.zadd(key, 'XX', expiry, member);
        keys.add(key);
      }
    }
    for (const key of keys) pipeline.pexpire(key, this.options.ttlMs);
    await pipeline.exec();
  }

  private async release(member: string): Promise<void> {
    const keys = this.held.get(member);
    if (!keys) return;
    this.held.delete(member);
    await Promise.all(keys.map((key) => this.redis.zrem(key, member))).catch(() => undefined);
  }

  private key(kind: 'token' | 'address', value: string): string {
    return `${this.options.keyPrefix}live-events:streams:${kind}:${value}`;
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
