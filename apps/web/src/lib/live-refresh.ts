import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/** How often a view that follows the stream is read anyway, in case an event was lost. */
export const LIVE_SAFETY_POLL_MS = 30_000;

export interface LiveRefresh {
  /** true while the stream is connected (as far as it told us): poll slowly then */
  live: boolean;
}

/**
 * Follows GET /events for one subject (a registration, an import), or for every subject without
 * `subjectId` (a list): each event of `types` about it reads `queryKey` again at once. The stream says when it broke (error, end, reset);
 * until an event arrives again `live` is false and the caller polls as before.
 */
export function useLiveRefresh(options: {
  types: readonly string[];
  subjectId?: string;
  queryKey: QueryKey;
  enabled?: boolean;
}): LiveRefresh {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  const { subjectId } = options;
  const enabled = options.enabled !== false && subjectId !== '';
  const types = options.types.join(',');
  const key = JSON.stringify(options.queryKey);
  const subscription = `${types}|${subjectId ?? '*'}|${key}`;
  // the subscription whose stream last said it broke (null: none, or an event came since)
  const [broken, setBroken] = useState<string | null>(null);

  useEffect(() => {
    if (!enabled) return undefined;
    const queryKey = JSON.parse(key) as QueryKey;
    const stream = client.events.subscribe(
      {
        types: types.split(','),
        onControl: (control) => {
          if (control.event === 'overflow') return;
          setBroken(subscription);
          // a reset means events were missed: read the state rather than wait for the next
          void queryClient.invalidateQueries({ queryKey });
        },
      },
      (event) => {
        setBroken(null);
        if (subjectId !== undefined && event.subject.id !== subjectId) return;
        void queryClient.invalidateQueries({ queryKey });
      },
    );
    return () => stream.close();
  }, [client, queryClient, types, key, enabled, subjectId, subscription]);

  return { live: enabled && broken !== subscription };
}
