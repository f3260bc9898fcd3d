import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { withDeadline } from '@medicalink/cache';
import { productRpc } from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import type { OrchestratorEnv } from '../config';
import { REDIS } from '../infrastructure/cache.module';

/** The taken codes (upper case), a Redis set under the orchestrator's key prefix. */
export const TAKEN_CODES_KEY = 'products:taken-codes';
/**
 * A member no code can be (codes are A-Z, 0-9 and '-'), added once a sync has copied every code
 * the product service had. It lives in the set itself, so whatever removes the set (a flush,
 * an eviction, the rebuild expiry) also says "incomplete".
 */
export const COMPLETE_MARK = '#complete';
/**
 * The set expires this long after a sync and is rebuilt on demand: a code whose event never
 * arrived (dead-lettered) is missed at the product step for a day at most, never at the commit.
 */
const REBUILD_AFTER_MS = 24 * 3_600 * 1_000;
const SYNC_PAGE = 5_000;

/** taken / free per the copy, or unknown while the copy is incomplete or Redis is away */
export type CodeStatus = 'taken' | 'free' | 'unknown';

/**
 * The orchestrator's copy of the product codes already taken, so that the product step's check
 * costs a Redis read instead of a round trip to the product service and its database. It is
 * fed by `product.product.created` (ProductCodesController) and filled from the product service
 * (`listCodes`) whenever it is found incomplete. Codes are never freed (products are not
 * deleted), so copying and events can run in any order. The copy may lag an event behind a
 * product created elsewhere; the commit's unique code in PostgreSQL is what decides.
 */
@Injectable()
export class TakenProductCodes implements OnModuleDestroy {
  private syncing: Promise<void> | undefined;
  private stopping = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly rpc: RpcClient,
    @Inject(APP_CONFIG) private readonly env: OrchestratorEnv,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** An incomplete copy also starts a sync (one at a time), so the next checks can use it. */
  async status(code: string): Promise<CodeStatus> {
    let marks: number[];
    try {
      marks = await withDeadline(
        this.redis.smismember(TAKEN_CODES_KEY, COMPLETE_MARK, code.toUpperCase()),
        this.env.SESSION_STORE_TIMEOUT_MS,
      );
    } catch (error) {
      this.logger.warn(
        { err: error },
        'taken product codes unreadable: asking the product service',
      );
      return 'unknown';
    }
    const [complete, taken] = marks;
    if (complete !== 1) this.startSync();
    if (taken === 1) return 'taken';
    return complete === 1 ? 'free' : 'unknown';
  }

  /** Idempotent: a redelivered event adds nothing. */
  async add(code: string): Promise<void> {
    await this.redis.sadd(TAKEN_CODES_KEY, code.toUpperCase());
  }

  /** Resolves once a sync that is running (if any) has ended; for tests and shutdown. */
  async settled(): Promise<void> {
    await this.syncing;
  }

  /** Lets a running sync end while the broker is still there, and starts no other. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.settled();
  }

  private startSync(): void {
    if (this.stopping) return;
    this.syncing ??= this.sync()
      .catch((error: unknown) => {
        this.logger.warn(
          { err: error },
          'copying the taken product codes failed; next check retries',
        );
      })
      .finally(() => {
        this.syncing = undefined;
      });
  }

  /** Copies every code page by page, then marks the set complete and sets its rebuild expiry. */
  private async sync(): Promise<void> {
    const startedAt = Date.now();
    let copied = 0;
    let after: string | null = null;
    do {
      const page: { codes: string[]; next: string | null } = await this.rpc.call(
        productRpc.listCodes,
        { after, limit: SYNC_PAGE },
      );
      if (page.codes.length > 0) await this.redis.sadd(TAKEN_CODES_KEY, ...page.codes);
      copied += page.codes.length;
      after = page.next;
    } while (after !== null);
    await this.redis
      .multi()
      .sadd(TAKEN_CODES_KEY, COMPLETE_MARK)
      .pexpire(TAKEN_CODES_KEY, REBUILD_AFTER_MS)
      .exec();
    this.logger.info({ copied, ms: Date.now() - startedAt }, 'taken product codes copied');
  }
}
