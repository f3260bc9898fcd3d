import { useEffect, useState } from 'react';
import type { MedicaLinkClient } from '../client.js';
import type { LiveControl, ReceivedLiveEvent } from '../types/events.js';
import { useMedicaLinkClient } from './context.js';

export interface UseEventsOptions {
  /** type prefixes (`saga.`); all the caller may see when left out */
  types?: readonly string[];
  /** events kept in `events`, newest last (default 100) */
  keep?: number;
  /** false: no subscription (e.g. before sign-in) */
  enabled?: boolean;
  client?: MedicaLinkClient;
}

export interface UseEvents {
  /** the latest events, oldest first */
  events: ReceivedLiveEvent[];
  /** the last thing the stream said about itself (a `reset` asks to reload state) */
  lastControl: LiveControl | null;
}

/** Follows GET /events while mounted: the latest `keep` events, re-subscribing when an option changes. */
export function useEvents(options: UseEventsOptions = {}): UseEvents {
  const contextClient = useMedicaLinkClient();
  const client = options.client ?? contextClient;
  const keep = options.keep ?? 100;
  const [events, setEvents] = useState<ReceivedLiveEvent[]>([]);
  const [lastControl, setLastControl] = useState<LiveControl | null>(null);
  const types = (options.types ?? []).join(',');
  const enabled = options.enabled !== false;

  useEffect(() => {
    if (!enabled) return undefined;
    const subscription = client.events.subscribe(
      { types: types ? types.split(',') : [], onControl: setLastControl },
      (event) => setEvents((held) => [...held, event].slice(-keep)),
    );
    return () => subscription.close();
  }, [client, types, enabled, keep]);

  return { events, lastControl };
}
