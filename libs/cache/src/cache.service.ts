import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { CacheMetadata } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { cacheMetrics } from './cache-metrics';
import { withDeadline } from './deadline';
import { INVALIDATE_TAGS, RELEASE_LOCK, SET_TAGGED } from './cache-scripts';

export interface CacheSettings {
  /** namespace inside the app's Redis key prefix */
  prefix?: string;
  /** a Redis call slower than this is treated as Redis being down */
  operationTimeoutMs?: number;
  /** how long a cross-instance load lock is held at most */
  lockMs?: number;
  /** how long another instance waits for the lock holder's result before loading itself */
  lockWaitMs?: number;
  /** entries one tag may name at most; beyond, reads are served uncached (default 10000) */
  maxTagMembers?: number;
}

export interface Loaded<T> {
  value: T;
  /** tags of everything the value contains (ids of doctors, accounts, ...) */
  tags: string[];
}

export interface CachedRead<T> {
  value: T;
  cache: CacheMetadata;
}

const INVALIDATION_MEMORY_MS = 10 * 60_000;

interface InFlightRead {
  generation: number;
  read: Promise<CachedRead<unknown>>;
}

/**
 * Cache-aside on Redis with tag invalidation (no KEYS), single-flight per key
 * within the process plus a short lock across instances, and a degraded mode:
 * when Redis is down or slow the read is served uncached and says so.
 */
export class CacheService {
  private readonly inFlight = new Map<string, InFlightRead>();
  /** bumped by every invalidation: a read started before one may return what it dropped */
  private generation = 0;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly lockMs: number;
  private readonly lockWaitMs: number;
  private readonly maxTagMembers: number;
  private readonly metrics = {
    lookups: cacheMetrics.lookups(),
    errors: cacheMetrics.errors(),
    invalidations: cacheMetrics.invalidations(),
  };
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    settings: CacheSettings = {},
  ) {
    this.prefix = settings.prefix ?? 'cache:';
    this.timeoutMs = settings.operationTimeoutMs ?? 150;
    this.lockMs = settings.lockMs ?? 2_000;
    this.lockWaitMs = settings.lockWaitMs ?? 1_000;
    this.maxTagMembers = settings.maxTagMembers ?? 10_000;
  }

  /**
   * The cached value for `key`, or the loaded one (cached for `ttlSeconds` with its
   * tags). Concurrent reads of a key share one lookup (and one load), unless an
   * invalidation came in between: a read issued after a write must see that write.
   */
  async read<T>(
    scope: string,
    key: string,
    ttlSeconds: number,
    load: () => Promise<Loaded<T>>,
  ): Promise<CachedRead<T>> {
    const pending = this.inFlight.get(key);
    if (pending?.generation === this.generation) return pending.read as Promise<CachedRead<T>>;
    const read = this.readThrough(scope, key, ttlSeconds, load).finally(() => {
      if (this.inFlight.get(key)?.read === read) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { generation: this.generation, read });
    return read;
  }

  /** Drops every entry carrying one of the tags; returns how many entries went. */
  async invalidate(tags: readonly string[]): Promise<number> {
    if (tags.length === 0) return 0;
    const unique = [...new Set(tags)];
    const keys = [
      ...unique.map((tag) => this.tagKey(tag)),
      ...unique.map((tag) => this.tagVersionKey(tag)),
    ];
    let removed: number;
    try {
      removed = Number(
        await INVALIDATE_TAGS.run(this.redis, keys, [
          Date.now(),
          INVALIDATION_MEMORY_MS,
          unique.length,
        ]),
      );
    } catch {
      // Retryable on purpose: an event whose invalidation failed goes through the retry queues.
      throw new DomainError('CACHE_UNAVAILABLE', 'The cache did not answer', 503, undefined, true);
    } finally {
      // Whatever the tags, reads in flight now may have fetched what was just dropped.
      this.generation += 1;
    }
    this.metrics.invalidations.inc(removed);
    return removed;
  }

  private async readThrough<T>(
    scope: string,
    key: string,
    ttlSeconds: number,
    load: () => Promise<Loaded<T>>,
  ): Promise<CachedRead<T>> {
    const entryKey = this.entryKey(key);
    let cached: { value: T; ttlMs: number } | null;
    try {
      cached = await this.withTimeout('get', this.lookup<T>(entryKey));
    } catch (error) {
      return this.degraded(scope, error, load);
    }
    if (cached) {
      this.metrics.lookups.inc({ scope, result: 'hit' });
      return {
        value: cached.value,
        cache: { hit: true, ttl: Math.max(1, Math.ceil(cached.ttlMs / 1000)) },
      };
    }
    this.metrics.lookups.inc({ scope, result: 'miss' });
    return this.loadAndStore(entryKey, ttlSeconds, load);
  }

  private async loadAndStore<T>(
    entryKey: string,
    ttlSeconds: number,
    load: () => Promise<Loaded<T>>,
  ): Promise<CachedRead<T>> {
    const lock = await this.acquireLock(entryKey);
    try {
      if (!lock.acquired) {
        const filled = await this.waitForEntry<T>(entryKey);
        if (filled)
          return { value: filled.value, cache: { hit: true, ttl: Math.ceil(filled.ttlMs / 1000) } };
      }
      const startedAt = Date.now();
      const loaded = await load();
      await this.store(entryKey, loaded, ttlSeconds, startedAt);
      return { value: loaded.value, cache: { hit: false, ttl: ttlSeconds } };
    } finally {
      if (lock.acquired) await this.releaseLock(entryKey, lock.token);
    }
  }

  private async lookup<T>(entryKey: string): Promise<{ value: T; ttlMs: number } | null> {
    // A pipeline, not MULTI: one round trip either way, two commands fewer for Redis; an
    // entry expiring between the two reads shows as a miss (ttl < 0), which is what it is.
    const [[getError, raw], [ttlError, ttl]] = (await this.redis
      .pipeline()
      .get(entryKey)
      .pttl(entryKey)
      .exec()) as [[Error | null, string | null], [Error | null, number]];
    const failure = getError ?? ttlError;
    if (failure) throw failure;
    if (raw === null || ttl <= 0) return null;
    return { value: JSON.parse(raw) as T, ttlMs: ttl };
  }

  private async store<T>(
    entryKey: string,
    loaded: Loaded<T>,
    ttlSeconds: number,
    startedAt: number,
  ): Promise<void> {
    const tags = [...new Set(loaded.tags)];
    const keys = [
      entryKey,
      ...tags.map((tag) => this.tagKey(tag)),
      ...tags.map((tag) => this.tagVersionKey(tag)),
    ];
    try {
      await this.withTimeout(
        'set',
        SET_TAGGED.run(this.redis, keys, [
          JSON.stringify(loaded.value),
          ttlSeconds * 1000,
          startedAt,
          tags.length,
          this.maxTagMembers,
        ]),
      );
    } catch (error) {
      this.warn('set', error);
    }
  }

  private async acquireLock(entryKey: string): Promise<{ acquired: boolean; token: string }> {
    const token = randomUUID();
    try {
      const result = await this.withTimeout(
        'lock',
        this.redis.set(`${entryKey}:lock`, token, 'PX', this.lockMs, 'NX'),
      );
      return { acquired: result === 'OK', token };
    } catch {
      return { acquired: true, token: '' }; // Redis trouble: load ourselves, store() will report it
    }
  }

  private async releaseLock(entryKey: string, token: string): Promise<void> {
    if (!token) return;
    await RELEASE_LOCK.run(this.redis, [`${entryKey}:lock`], [token]).catch(() => undefined);
  }

  /** Another instance holds the load lock: wait briefly for its result. */
  private async waitForEntry<T>(entryKey: string): Promise<{ value: T; ttlMs: number } | null> {
    const deadline = Date.now() + this.lockWaitMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const entry = await this.lookup<T>(entryKey).catch(() => null);
      if (entry) return entry;
    }
    return null;
  }

  private async degraded<T>(
    scope: string,
    error: unknown,
    load: () => Promise<Loaded<T>>,
  ): Promise<CachedRead<T>> {
    this.metrics.lookups.inc({ scope, result: 'degraded' });
    this.warn('get', error);
    const { value } = await load();
    return { value, cache: { hit: false, ttl: 0, degraded: true } };
  }

  private warn(operation: string, error: unknown): void {
    this.metrics.errors.inc({ operation });
    if (Date.now() - this.lastWarning < 10_000) return; // one warning per outage window, not per read
    this.lastWarning = Date.now();
    this.logger.warn(
      { operation, err: (error as Error).message },
      'Redis unavailable: serving reads uncached',
    );
  }

  private withTimeout<T>(operation: string, promise: Promise<T>): Promise<T> {
    return withDeadline(
      promise,
      this.timeoutMs,
      `Redis ${operation} took over ${this.timeoutMs} ms`,
    );
  }

  private entryKey(key: string): string {
    return `${this.prefix}entry:${key}`;
  }
  private tagKey(tag: string): string {
    return `${this.prefix}tag:${tag}`;
  }
  private tagVersionKey(tag: string): string {
    return `${this.prefix}tagv:${tag}`;
  }
}
