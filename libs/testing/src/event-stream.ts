import { request, type IncomingMessage } from 'node:http';

export interface StreamedEvent {
  id: string | null;
  event: string;
  data: unknown;
  /** when the client parsed it (performance.now()) */
  receivedAt: number;
}

export interface EventStreamOptions {
  token: string;
  /** `?types=` */
  types?: string;
  lastEventId?: string;
  /** start paused: the client reads nothing until resume() (a slow client) */
  paused?: boolean;
  headers?: Record<string, string>;
}

export interface EventStream {
  status: number;
  events: StreamedEvent[];
  /** resolves when the server ends the stream (or it breaks) */
  ended: Promise<void>;
  /** resolves with the first event that matches, or rejects after timeoutMs */
  waitFor(match: (event: StreamedEvent) => boolean, timeoutMs?: number): Promise<StreamedEvent>;
  resume(): void;
  close(): void;
  /** the last id received */
  lastId(): string | null;
}

/**
 * A GET /events client over node:http, so a test can hold reading back (a slow client) and see
 * exactly what the gateway wrote: ids, event names, data, and the end of the stream.
 */
export function openEventStream(
  baseUrl: string,
  options: EventStreamOptions,
): Promise<EventStream> {
  const url = new URL('/events', baseUrl);
  if (options.types) url.searchParams.set('types', options.types);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: 'text/event-stream',
        ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
        ...options.headers,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => resolve(streamOf(res, req.destroy.bind(req), options.paused)));
    req.end();
  });
}

function streamOf(res: IncomingMessage, destroy: () => void, paused = false): EventStream {
  const events: StreamedEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  res.setEncoding('utf8');
  if (paused) res.pause();
  const ended = new Promise<void>((resolve) => {
    res.on('end', resolve);
    res.on('close', resolve);
    res.on('error', () => resolve());
  });
  res.on('data', (chunk: string) => {
    const blocks = (buffer + chunk).split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const parsed = parseBlock(block);
      if (parsed) events.push(parsed);
    }
    for (const wake of waiters) wake();
  });
  return {
    status: res.statusCode ?? 0,
    events,
    ended,
    resume: () => {
      res.resume();
    },
    close: destroy,
    lastId: () => events.findLast((event) => event.id !== null)?.id ?? null,
    waitFor: (match, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        let scanned = 0; // each event is looked at once, however long the stream runs
        const check = () => {
          for (; scanned < events.length; scanned += 1) {
            const event = events[scanned]!;
            if (!match(event)) continue;
            cleanup();
            resolve(event);
            return;
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching event within ${timeoutMs} ms (got ${events.length})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
}

function parseBlock(block: string): StreamedEvent | null {
  let id: string | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const text = data.join('\n');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // kept as text
  }
  return { id, event, data: parsed, receivedAt: performance.now() };
}
