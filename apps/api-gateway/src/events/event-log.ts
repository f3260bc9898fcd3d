import type Redis from 'ioredis';
import { LiveEvent } from '@medicalink/contracts';

export interface EventLogOptions {
  /** the stream's full key (the gateway's Redis key prefix included) */
  key: string;
  /** entries kept at most (trimmed approximately, a macro node at a time) */
  maxLength: number;
  /** entries older than this are trimmed */
  maxAgeMs: number;
  /** how long a message id is remembered, so a redelivered event is logged once */
  dedupeTtlSec: number;
}

export interface LoggedEvent {
  id: string;
  event: LiveEvent;
}

/** Where a stream resumes from: the events after the id, or a reset when some were trimmed. */
export type Resume = { kind: 'events'; events: LoggedEvent[] } | { kind: 'reset' };

// Logs an event once per message id (outbox relays and redeliveries may repeat it), then
// trims by length and by age. After a trim it records the oldest id kept (the watermark):
// a client whose last id is below it may have missed trimmed events. (XINFO's
// max-deleted-entry-id would say so exactly, but Redis does not update it when trimming.)
const APPEND_ONCE = `
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then return false end
local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[1])
local removed = redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', ARGV[2])
  + redis.call('XTRIM', KEYS[1], 'MINID', '~', ARGV[4])
if removed > 0 then
  local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
  redis.call('SET', KEYS[3], first and first[1] or id)
end
return id`;

/**
 * The replay log of the live event stream: one Redis stream shared by every gateway instance.
 * Its ids (`<ms>-<seq>`) are the SSE ids, increasing along the log, so any instance can resume
 * any client's stream.
 */
export class EventLog {
  constructor(
    private readonly redis: Redis,
    private readonly options: EventLogOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The id the event was logged under, or null when this message id was logged before. */
  async append(messageId: string, event: LiveEvent): Promise<string | null> {
    const oldestKept = Math.max(0, this.now() - this.options.maxAgeMs);
    const id = (await this.redis.eval(
      APPEND_ONCE,
      3,
      this.options.key,
      `${this.options.key}:seen:${messageId}`,
      `${this.options.key}:watermark`,
      JSON.stringify(event),
      this.options.maxLength,
      this.options.dedupeTtlSec,
      `${oldestKept}-0`,
    )) as string | null;
    return id ?? null;
  }

  /** The newest id in the log ('0-0' when empty): a live stream starts after it. */
  async lastId(): Promise<string> {
    return stringField(await this.info(), 'last-generated-id') ?? '0-0';
  }

  /** What a client that saw `afterId` missed, at most `limit` events, or a reset. */
  async resume(afterId: string, limit: number): Promise<Resume> {
    if (await this.trimmedPast(afterId)) return { kind: 'reset' };
    const entries = await this.redis.xrange(this.options.key, `(${afterId}`, '+', 'COUNT', limit);
    return { kind: 'events', events: entries.flatMap(parseEntry) };
  }

  /**
   * Blocks up to `blockMs` for events after `afterId`, on a connection of its own (a blocking
   * read holds its connection).
   */
  async readAfter(
    blocking: Redis,
    afterId: string,
    blockMs: number,
    count: number,
  ): Promise<LoggedEvent[]> {
    const reply = await blocking.xread(
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      this.options.key,
      afterId,
    );
    return (reply?.[0]?.[1] ?? []).flatMap(parseEntry);
  }

  /** Whether an entry after `id` was trimmed away: the client missed events the log lost. */
  private async trimmedPast(id: string): Promise<boolean> {
    const watermark = await this.redis.get(`${this.options.key}:watermark`);
    return watermark !== null && compareIds(id, watermark) < 0;
  }

  /** XINFO STREAM as a flat list, or null while the stream does not exist. */
  private async info(): Promise<unknown[] | null> {
    try {
      return (await this.redis.call('XINFO', 'STREAM', this.options.key)) as unknown[];
    } catch (error) {
      if (/no such key/i.test((error as Error).message)) return null;
      throw error;
    }
  }
}

function stringField(info: unknown[] | null, name: string): string | undefined {
  const at = info?.indexOf(name) ?? -1;
  const value = at >= 0 ? info?.[at + 1] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function parseEntry([id, fields]: [string, string[]]): LoggedEvent[] {
  const at = fields.indexOf('e');
  const parsed = LiveEvent.safeParse(JSON.parse(fields[at + 1] ?? 'null'));
  return parsed.success ? [{ id, event: parsed.data }] : [];
}

/** Orders two stream ids (`<ms>-<seq>`): negative, zero or positive. */
export function compareIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}
