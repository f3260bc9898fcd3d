import type { ServerResponse } from 'node:http';
import type { JwtClaims } from '@medicalink/contracts';
import { compareIds } from './event-log';

export interface SseClientOptions {
  claims: JwtClaims;
  /** the bearer token itself (the per-token stream limit counts it) */
  token: string;
  address: string;
  /** type prefixes asked for; empty: all */
  prefixes: readonly string[];
  /** bytes the socket may hold unsent before the client is cut off with `overflow` */
  maxBufferedBytes: number;
}

/**
 * A client cut off still gets what was written before its final event, if it reads it within
 * this long; then the socket is destroyed. Memory stays bounded meanwhile: nothing more is
 * written to it.
 */
const FINAL_EVENT_GRACE_MS = 30_000;

/**
 * One SSE connection. Writes never wait: what the socket has not sent yet is bounded by
 * maxBufferedBytes, and a client past it gets a last `overflow` event and is cut off, so a slow
 * reader neither slows the others nor grows the gateway's memory.
 */
export class SseClient {
  private closed = false;
  /** the id of the last event written: replayed and live events never repeat one */
  private lastId: string | null;
  /** live events that arrived while the replay was being read */
  private pending: { id: string; chunk: string }[] | null = null;
  private pendingBytes = 0;

  constructor(
    private readonly raw: ServerResponse,
    readonly options: SseClientOptions,
    startAfterId: string | null,
  ) {
    this.lastId = startAfterId;
    raw.on('close', () => {
      this.closed = true;
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.raw.destroyed;
  }

  onClose(listener: () => void): void {
    this.raw.on('close', listener);
  }

  /** Live events are held back (in order) until endReplay(). */
  beginReplay(): void {
    this.pending = [];
  }

  endReplay(): void {
    const held = this.pending ?? [];
    this.pending = null;
    this.pendingBytes = 0;
    for (const { id, chunk } of held) this.write(id, chunk);
  }

  /** Writes one serialized live event (see sseEvent), unless the client already has it. */
  send(id: string, chunk: string): void {
    if (!this.isOpen) return;
    if (this.pending) {
      this.pending.push({ id, chunk });
      this.pendingBytes += chunk.length;
      if (this.pendingBytes > this.options.maxBufferedBytes) this.overflow();
      return;
    }
    this.write(id, chunk);
  }

  /** Writes a replayed event (live ones are held meanwhile). */
  write(id: string, chunk: string): void {
    if (!this.isOpen) return;
    if (this.lastId !== null && compareIds(id, this.lastId) <= 0) return;
    if (this.raw.writableLength + chunk.length > this.options.maxBufferedBytes) {
      this.overflow();
      return;
    }
    this.lastId = id;
    this.raw.write(chunk);
  }

  comment(text: string): void {
    if (this.isOpen && this.pending === null) this.raw.write(`: ${text}\n\n`);
  }

  /** Sends a last stream event (`end`, `shutdown`...) and closes the connection. */
  finish(event: string, reason: string, retryMs?: number): void {
    if (!this.isOpen) return;
    this.closed = true;
    const retry = retryMs === undefined ? '' : `retry: ${retryMs}\n`;
    this.raw.end(`${retry}event: ${event}\ndata: ${JSON.stringify({ reason })}\n\n`);
    setTimeout(() => this.raw.destroy(), FINAL_EVENT_GRACE_MS).unref();
  }

  private overflow(): void {
    this.finish('overflow', 'the client read events more slowly than they came');
  }
}

/** One SSE event: `id`, `event` (its type) and `data` (JSON on one line). */
export function sseEvent(id: string | null, event: string, data: unknown): string {
  return `${id === null ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
