import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters and paging kept in the URL's query string, so a view can be bookmarked, shared and
 * reloaded. `set` changes some keys (empty values are removed) and goes back to page 1 unless
 * the page itself is what changed.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ''])) as Record<
    K,
    string
  >;
  const set = useCallback(
    (changes: Partial<Record<K | 'page' | 'limit', string>>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in changes)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const page = Math.max(1, Number(params.get('page')) || 1);
  const limit = [10, 20, 50, 100].includes(Number(params.get('limit')))
    ? Number(params.get('limit'))
    : 20;
  return { values, set, page, limit };
}
