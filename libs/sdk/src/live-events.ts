import { backoffDelay } from './backoff.js';
import type { ResolvedConfig } from './config.js';
import type { RequestContext } from './http.js';
import type { Failure } from './operation-result.js';
import type { LiveControl, LiveEvent, LiveEventType, ReceivedLiveEvent } from './types/events.js';

export interface SubscribeOptions {
  /** type prefixes (`saga.`, `schedule.import.`); all the caller may see when left out */
  types?: readonly string[];
  /** resume after this id (replayed first) */
  lastEventId?: string;
  /** what the stream says about itself (reset, overflow, end, shutdown, connection errors) */
  onControl?: (control: LiveControl) => void;
  /** the stream was opened (`open`, replay included) or a connection that was open ended (`closed`) */
  onConnection?: (state: 'open' | 'closed') => void;
}

export type LiveEventHandler = (event: ReceivedLiveEvent) => void;

export interface EventSubscription {
  /** the id of the last event handled: where a new subscription would resume */
  readonly lastEventId: string | null;
  /** resolves once the subscription stopped (close(), the token refused, the client disposed) */
  readonly closed: Promise<void>;
  close(): void;
}

/** The token side (the client's auth session). */
export interface StreamTokens {
  current(ctx: RequestContext): Promise<string | undefined | Failure>;
  renew(rejected: string, body: unknown, ctx: RequestContext): Promise<'renewed' | 'no' | Failure>;
}

const CONTROL_EVENTS = new Set(['reset', 'overflow', 'end', 'shutdown']);
const MAX_RECONNECT_MS = 30_000;

/**
 * GET /events as a subscription: reconnects after every break (the server's `retry:` hint,
 * else an exponential, jittered delay) with Last-Event-ID, so no event is missed or handled
 * twice while the gateway's replay log still holds it; renews an expired token like every call.
 */
export function subscribeToEvents(
  config: ResolvedConfig,
  tokens: StreamTokens,
  lifetime: AbortSignal,
  options: SubscribeOptions,
  handler: LiveEventHandler,
): EventSubscription {
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, lifetime]);
  let lastEventId = options.lastEventId ?? null;
  const notify = <A>(listener: ((arg: A) => void) | undefined, arg: A) => {
    try {
      listener?.(arg);
    } catch {
      // a listener's error must not end the subscription
    }
  };
  const control = (event: LiveControl['event'], reason: string) =>
    notify(options.onControl, { event, reason });

  const run = async () => {
    let failures = 0;
    let retryMs: number | undefined;
    while (!signal.aborted) {
      const ctx: RequestContext = {
        signal,
        deadline: Number.MAX_SAFE_INTEGER,
        operationId: `events-${Date.now().toString(36)}`,
      };
      const outcome = await connect(ctx);
      if (outcome === 'stop' || signal.aborted) return;
      if (outcome === 'streamed') failures = 0;
      else failures += 1;
      const delay =
        outcome === 'streamed' && retryMs !== undefined
          ? retryMs
          : backoffDelay(failures + 1, config.retryDelay, MAX_RECONNECT_MS, config.random);
      await config.sleep(delay, signal).catch(() => undefined);
    }

    async function connect(ctx: RequestContext): Promise<'streamed' | 'failed' | 'stop'> {
      const token = await tokens.current(ctx);
      if (typeof token === 'object') {
        control('end', token.error);
        return 'stop';
      }
      let response: Response;
      try {
        response = await config.fetch(eventsUrl(config.baseUrl, options.types), {
          method: 'GET',
          headers: {
            accept: 'text/event-stream',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
          },
          signal,
        });
      } catch (error) {
        if (!signal.aborted) control('error', String(error));
        return 'failed';
      }
      if (response.status === 401 && token) {
        const body: unknown = await response.json().catch(() => null);
        const renewed = await tokens.renew(token, body, ctx);
        if (renewed === 'renewed') return 'failed';
        control('end', 'the token is no longer accepted');
        return 'stop';
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        control('end', `GET /events answered ${response.status}`);
        return 'stop';
      }
      if (!response.ok || !response.body) {
        control('error', `GET /events answered ${response.status}`);
        return 'failed';
      }
      if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
        // A gateway (or a proxy in front of it) that does not serve the stream.
        await response.body.cancel().catch(() => undefined);
        control('end', 'GET /events did not answer an event stream');
        return 'stop';
      }
      notify(options.onConnection, 'open');
      await readStream(response.body, (block) => {
        if (block.retry !== undefined) retryMs = block.retry;
        if (block.data === undefined) return;
        if (CONTROL_EVENTS.has(block.event)) {
          if (block.id) lastEventId = block.id;
          control(block.event as LiveControl['event'], reasonOf(block.data));
          return;
        }
        if (!block.id) return;
        lastEventId = block.id;
        const event = parse(block.data);
        if (event) handler({ ...event, type: event.type as LiveEventType, id: block.id });
      }).catch(() => undefined);
      notify(options.onConnection, 'closed');
      return 'streamed';
    }
  };

  const closed = run().catch(() => undefined);
  return {
    get lastEventId() {
      return lastEventId;
    },
    closed,
    close: () => stop.abort(),
  };
}

/** A type prefix no event has: the stream then carries only heartbeats and its own news. */
const NO_EVENTS = ['gateway.connection.'];

/**
 * A stream held open only to learn when the gateway goes away or comes back: `closed` when an
 * open connection ends (or a reconnect fails), `open` when one opens. Returns its close().
 */
export function watchGateway(
  config: ResolvedConfig,
  tokens: StreamTokens,
  lifetime: AbortSignal,
  onChange: (state: 'open' | 'closed') => void,
): () => void {
  const subscription = subscribeToEvents(
    config,
    tokens,
    lifetime,
    {
      types: NO_EVENTS,
      onConnection: onChange,
      onControl: ({ event }) => {
        if (event === 'error' || event === 'shutdown') onChange('closed');
      },
    },
    () => undefined,
  );
  return () => subscription.close();
}

function eventsUrl(baseUrl: string, types: readonly string[] | undefined): string {
  const query = types && types.length > 0 ? `?types=${encodeURIComponent(types.join(','))}` : '';
  return `${baseUrl}/events${query}`;
}

interface SseBlock {
  id?: string;
  event: string;
  data?: string;
  retry?: number;
}

/** Reads an SSE body, calling `onBlock` for each blank-line-terminated block. */
async function readStream(
  body: ReadableStream<Uint8Array>,
  onBlock: (block: SseBlock) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const blocks = (buffer + decoder.decode(value, { stream: true })).split(/\r?\n\r?\n/);
    buffer = blocks.pop() ?? '';
    for (const block of blocks) onBlock(parseBlock(block));
  }
}

export function parseBlock(text: string): SseBlock {
  const block: SseBlock = { event: 'message' };
  const data: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') block.id = value;
    else if (field === 'event') block.event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) block.retry = Number(value);
  }
  if (data.length > 0) block.data = data.join('\n');
  return block;
}

function parse(data: string): LiveEvent | null {
  try {
    const value = JSON.parse(data) as LiveEvent;
    return typeof value === 'object' && value !== null && typeof value.type === 'string'
      ? value
      : null;
  } catch {
    return null;
  }
}

function reasonOf(data: string): string {
  try {
    const value = JSON.parse(data) as { reason?: unknown };
    return typeof value.reason === 'string' ? value.reason : data;
  } catch {
    return data;
  }
}
