import type { EventSubscription, LiveEventHandler, SubscribeOptions } from './live-events.js';
import type { ReceivedLiveEvent } from './types/events.js';

export type OpenStream = (
  options: SubscribeOptions,
  handler: LiveEventHandler,
) => EventSubscription;

/**
 * An operation's view of GET /events: it is opened before the operation's first command, so
 * nothing the command causes can be missed, and it is trusted only while that first connection
 * holds. Any break (a refused, unserved or failed connection, an end, reset, overflow or
 * shutdown) makes it `live: false` for good and the operation polls instead: a reconnect would
 * replay what it missed, but a poll is simpler to reason about and the final read confirms
 * the outcome either way.
 */
export interface LiveFeed {
  /** true once the stream is open; false when it was refused, is not served, or did not open in time */
  opened(): Promise<boolean>;
  /** open, and not broken since */
  readonly live: boolean;
  /**
   * Calls `handler` for this subject's events received so far (in order), then for each new
   * one; a handler that returns true (the event may end the operation) wakes `next`.
   */
  follow(subjectId: string, handler: (event: ReceivedLiveEvent) => boolean): void;
  /** resolves once a handler asked to wake it (also before the call), at a break, or after `ms` */
  next(ms: number): Promise<void>;
  close(): void;
}

/** How long, in poll intervals, an operation waits for the stream to open before it polls. */
export const OPEN_WAIT_POLLS = 12;

export function openLiveFeed(
  open: OpenStream | undefined,
  types: readonly string[],
  signal: AbortSignal,
  sleep: (ms: number, signal: AbortSignal) => Promise<void>,
  pollInterval: number,
): LiveFeed {
  if (!open || signal.aborted) return closedFeed();
  let state: 'opening' | 'open' | 'broken' = 'opening';
  let settle: (open: boolean) => void = () => undefined;
  const opened = new Promise<boolean>((resolve) => (settle = resolve));
  const received: ReceivedLiveEvent[] = [];
  let followed: { subjectId: string; handler: (event: ReceivedLiveEvent) => boolean } | undefined;
  let wake: (() => void) | undefined;
  let woken = false;
  const wakeUp = () => {
    woken = true;
    wake?.();
  };
  const handle = (event: ReceivedLiveEvent) => {
    if (followed && event.subject.id === followed.subjectId && followed.handler(event)) wakeUp();
  };
  const breakOff = () => {
    if (state === 'broken') return;
    state = 'broken';
    settle(false);
    subscription.close();
    wakeUp();
  };
  const subscription = open(
    {
      types,
      onConnection: (connection) => {
        if (connection === 'closed' || state !== 'opening') return breakOff();
        state = 'open';
        settle(true);
      },
      onControl: breakOff,
    },
    (event) => {
      if (state === 'broken') return;
      if (followed) handle(event);
      else received.push(event);
    },
  );
  const timer = setTimeout(() => state === 'opening' && breakOff(), pollInterval * OPEN_WAIT_POLLS);
  void opened.then(() => clearTimeout(timer));
  signal.addEventListener('abort', breakOff, { once: true });

  return {
    opened: () => opened,
    get live() {
      return state === 'open';
    },
    follow(subjectId, handler) {
      followed = { subjectId, handler };
      for (const event of received.splice(0)) handle(event);
    },
    async next(ms) {
      if (state !== 'open' || woken) {
        woken = false;
        return;
      }
      const waiting = new AbortController();
      wake = () => waiting.abort();
      await sleep(ms, AbortSignal.any([waiting.signal, signal])).catch(() => undefined);
      wake = undefined;
      woken = false;
    },
    close: () => {
      signal.removeEventListener('abort', breakOff);
      breakOff();
    },
  };
}

function closedFeed(): LiveFeed {
  return {
    opened: () => Promise.resolve(false),
    live: false,
    follow: () => undefined,
    next: () => Promise.resolve(),
    close: () => undefined,
  };
}
