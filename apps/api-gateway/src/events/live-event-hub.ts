import type Redis from 'ioredis';
import { matchesTypePrefixes, type JwtClaims } from '@medicalink/contracts';
import type { Logger } from '@medicalink/observability';
import { revocationOf, type TokenStates } from '../auth/token-states';
import type { EventLog, LoggedEvent } from './event-log';
import { seesEverything, visibleTo } from './event-visibility';
import { sseEvent, type SseClient } from './sse-client';

export interface LiveEventHubOptions {
  heartbeatMs: number;
  /** how often each stream's token is checked again (revocation, expiry) */
  authCheckMs: number;
  /** the `retry:` hint sent with `shutdown` */
  reconnectAfterMs: number;
}

/** How long one blocking read of the log waits before it is issued again. */
const TAIL_BLOCK_MS = 5_000;
/** Events written per read: one read's writes land on each socket at once (see the buffer cap). */
const TAIL_BATCH = 200;

/**
 * The streams connected to this gateway instance. One blocking read tails the replay log and
 * hands each event to every stream that asked for its type and may see it; an event is
 * serialized once for all the callers who see it whole.
 */
export class LiveEventHub {
  private readonly clients = new Set<SseClient>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private tailing: Promise<void> | null = null;

  constructor(
    private readonly log: EventLog,
    private readonly blocking: Redis,
    private readonly states: TokenStates,
    private readonly options: LiveEventHubOptions,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Where tailing starts is settled before any client connects (start-up awaits it). */
  async start(): Promise<void> {
    this.tailing = this.tail(await this.firstCursor());
    this.timers.push(
      setInterval(() => this.heartbeat(), this.options.heartbeatMs),
      setInterval(() => void this.checkTokens(), this.options.authCheckMs),
    );
  }

  /** Streams of one token, and of one client address, open on this instance. */
  countOpen(token: string, address: string): { token: number; address: number } {
    let byToken = 0;
    let byAddress = 0;
    for (const client of this.clients) {
      if (client.options.token === token) byToken += 1;
      if (client.options.address === address) byAddress += 1;
    }
    return { token: byToken, address: byAddress };
  }

  add(client: SseClient): void {
    this.clients.add(client);
    client.onClose(() => this.clients.delete(client));
  }

  /** Writes events to one client (a replay), cut to what it may see. */
  replay(client: SseClient, events: readonly LoggedEvent[]): void {
    for (const logged of events) {
      const chunk = this.chunkFor(client, logged, new Map());
      if (chunk) client.write(logged.id, chunk);
    }
  }

  /** Ends every stream with a `retry:` hint, then stops tailing the log. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const client of this.clients) {
      client.finish('shutdown', 'the gateway is stopping', this.options.reconnectAfterMs);
    }
    this.blocking.disconnect();
    await this.tailing;
  }

  deliver(events: readonly LoggedEvent[]): void {
    for (const logged of events) {
      const whole = new Map<string, string>();
      for (const client of this.clients) {
        const chunk = this.chunkFor(client, logged, whole);
        if (chunk) client.send(logged.id, chunk);
      }
    }
  }

  private chunkFor(
    client: SseClient,
    { id, event }: LoggedEvent,
    whole: Map<string, string>,
  ): string | null {
    if (!matchesTypePrefixes(event.type, client.options.prefixes)) return null;
    const viewer = client.options.claims;
    if (seesEverything(viewer)) {
      let chunk = whole.get(id);
      if (!chunk) {
        chunk = sseEvent(id, event.type, event);
        whole.set(id, chunk);
      }
      return chunk;
    }
    const visible = visibleTo(event, viewer);
    return visible ? sseEvent(id, event.type, visible) : null;
  }

  /** The log's last id, waiting for Redis at start-up; after ~30 s, this moment's id. */
  private async firstCursor(): Promise<string> {
    for (let attempt = 0; attempt < 150 && !this.stopping; attempt += 1) {
      try {
        return await this.log.lastId();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    return `${Date.now()}-0`;
  }

  private async tail(start: string): Promise<void> {
    let cursor = start;
    while (!this.stopping) {
      try {
        const events = await this.log.readAfter(this.blocking, cursor, TAIL_BLOCK_MS, TAIL_BATCH);
        const last = events.at(-1);
        if (last) cursor = last.id;
        this.deliver(events);
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn({ err: (error as Error).message }, 'live events: cannot read the log');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private heartbeat(): void {
    for (const client of this.clients) client.comment('heartbeat');
  }

  /** Ends the streams whose token expired or no longer holds (the checks of every request). */
  private async checkTokens(): Promise<void> {
    const bySub = new Map<string, SseClient[]>();
    const nowSec = Date.now() / 1000;
    for (const client of this.clients) {
      if (client.options.claims.exp <= nowSec) {
        client.finish('end', 'token expired');
        continue;
      }
      const list = bySub.get(client.options.claims.sub) ?? [];
      list.push(client);
      bySub.set(client.options.claims.sub, list);
    }
    await Promise.all(
      [...bySub].map(async ([sub, clients]) => {
        try {
          const state = await this.states.current(sub);
          for (const client of clients) endIfRevoked(client, client.options.claims, state);
        } catch {
          // the accounts service does not answer: the streams go on, as requests would
        }
      }),
    );
  }
}

function endIfRevoked(
  client: SseClient,
  claims: JwtClaims,
  state: Awaited<ReturnType<TokenStates['current']>>,
): void {
  const reason = revocationOf(claims, state);
  if (reason) client.finish('end', reason);
}
