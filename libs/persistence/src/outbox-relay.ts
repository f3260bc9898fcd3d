import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { EventPublisher } from '@medicalink/messaging';
import {
  continueTrace,
  newCorrelationId,
  outsideTrace,
  runInContext,
} from '@medicalink/observability';
import { relayBackoffMs } from './relay-backoff';
import type { PersistenceTables } from './tables';

export interface OutboxRelayOptions {
  /** how often to look for unpublished rows; default 500 ms */
  pollIntervalMs?: number;
  /** rows per batch (one transaction); default 100 */
  batchSize?: number;
  /** how long one publish may wait for the broker's confirm; default 5 s */
  publishTimeoutMs?: number;
  /** published rows older than this are deleted; default 7 days */
  retentionMs?: number;
  /** how often to delete them; default 1 h */
  cleanupIntervalMs?: number;
  /** upper bound of the back-off after failures; default 10 s */
  maxBackoffMs?: number;
}

const DEFAULTS: Required<OutboxRelayOptions> = {
  pollIntervalMs: 500,
  batchSize: 100,
  publishTimeoutMs: 5_000,
  retentionMs: 7 * 24 * 3_600_000,
  cleanupIntervalMs: 3_600_000,
  maxBackoffMs: 10_000,
};

interface PendingRow {
  id: string;
  event_name: string;
  payload_text: string;
  correlation_id: string | null;
  causation_id: string | null;
  traceparent: string | null;
}

interface BatchOutcome {
  published: number;
  failure?: unknown;
}

/**
 * Publishes outbox rows in `seq` order, at least once: a row is marked published only after
 * the broker confirmed it, so a crash in between publishes it again (consumers de-duplicate
 * on the message id, which is the row id). Rows are locked FOR UPDATE SKIP LOCKED, so
 * several instances can run side by side without publishing the same row at once.
 */
export class OutboxRelay {
  private readonly options: Required<OutboxRelayOptions>;
  private readonly db: Kysely<PersistenceTables>;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  /** the batch or cleanup in progress; batches of this instance never overlap */
  private work: Promise<unknown> = Promise.resolve();
  private ticking: Promise<void> | undefined;
  private nudged = false;
  private failures = 0;
  private lastCleanupAt = 0;

  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app schema that includes PersistenceTables
    db: Kysely<any>,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.db = db as Kysely<PersistenceTables>;
    this.options = { ...DEFAULTS, ...definedOnly(options) };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in progress. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.work;
  }

  /** Publish soon (e.g. right after a commit that added rows); ignored while backing off. */
  nudge(): void {
    if (!this.running || this.failures > 0) return;
    if (this.ticking) {
      this.nudged = true;
      return;
    }
    this.schedule(0);
  }

  /** Publishes one batch now; resolves with how many rows were published. */
  async publishPending(): Promise<number> {
    const outcome = await this.serialize(() => this.runBatch());
    this.recordOutcome(outcome.failure);
    return outcome.published;
  }

  /** Deletes published rows older than the retention; resolves with how many. */
  async cleanup(): Promise<number> {
    return this.serialize(async () => {
      const result = await this.db
        .deleteFrom('outbox')
        .where(
          'published_at',
          '<',
          sql<Date>`now() - ${this.options.retentionMs} * interval '1 millisecond'`,
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const next = this.work.then(task);
    this.work = next.catch(() => undefined);
    return next;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    // A nudge comes from inside a request: its batch (and the batch's queries) is not part of it.
    this.timer = setTimeout(() => {
      this.ticking = outsideTrace(() => this.tick()).finally(() => (this.ticking = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.nudged = false;
    let published = 0;
    try {
      published = await this.publishPending();
      if (this.running && Date.now() - this.lastCleanupAt >= this.options.cleanupIntervalMs) {
        this.lastCleanupAt = Date.now();
        await this.cleanup();
      }
    } catch (error) {
      // The database failed (the broker's failures are handled per row).
      this.recordOutcome(error);
    }
    if (!this.running) return;
    if (this.failures > 0) {
      this.schedule(
        relayBackoffMs(this.failures, this.options.pollIntervalMs, this.options.maxBackoffMs),
      );
    } else {
      const more = this.nudged || published >= this.options.batchSize;
      this.schedule(more ? 0 : this.options.pollIntervalMs);
    }
  }

  private recordOutcome(failure: unknown): void {
    if (failure === undefined) {
      if (this.failures > 0) {
        this.logger.info({ failedAttempts: this.failures }, 'outbox relay publishing again');
      }
      this.failures = 0;
      return;
    }
    this.failures += 1;
    if (this.failures === 1) {
      this.logger.warn(
        { err: errorMessage(failure) },
        'outbox relay cannot publish; events stay in the outbox and will be retried',
      );
    } else {
      this.logger.debug(
        { err: errorMessage(failure), failures: this.failures },
        'outbox retry failed',
      );
    }
  }

  private async runBatch(): Promise<BatchOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const rows: PendingRow[] = await trx
        .selectFrom('outbox')
        .select([
          'id',
          'event_name',
          sql<string>`payload::text`.as('payload_text'),
          'correlation_id',
          'causation_id',
          'traceparent',
        ])
        .where('published_at', 'is', null)
        .orderBy('seq')
        .limit(this.options.batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      const publishedIds: string[] = [];
      let failure: unknown;
      for (const row of rows) {
        try {
          await this.publish(row);
          publishedIds.push(row.id);
        } catch (error) {
          failure = error;
          await trx
            .updateTable('outbox')
            .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: errorMessage(error) }))
            .where('id', '=', row.id)
            .execute();
          break;
        }
      }
      if (publishedIds.length > 0) {
        await trx
          .updateTable('outbox')
          .set({ published_at: sql<Date>`now()` })
          .where('id', 'in', publishedIds)
          .execute();
      }
      return { published: publishedIds.length, ...(failure === undefined ? {} : { failure }) };
    });
  }

  private publish(row: PendingRow): Promise<string> {
    const correlationId = row.correlation_id ?? newCorrelationId();
    const traceparent = row.traceparent ?? undefined;
    // A context of the row's own, so no trace or causation leaks in from whoever called nudge():
    // the publish span is a child of the span whose transaction wrote the row, and the consumers'
    // spans are children of it, so the event's handling joins the trace that caused it.
    return continueTrace(traceparent, () =>
      runInContext({ correlationId, ...(traceparent ? { traceparent } : {}) }, () =>
        this.publisher.publishSerialized(row.event_name, row.payload_text, {
          messageId: row.id,
          correlationId,
          causationId: row.causation_id ?? undefined,
          timeoutMs: this.options.publishTimeoutMs,
        }),
      ),
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
