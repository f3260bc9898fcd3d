import { createHash } from 'node:crypto';

/**
 * A deterministic key for a query: keys sorted at every level, undefined values
 * dropped, then hashed. Fill defaults in (parse with the query schema) first, so
 * `?limit=20&page=1&specialty=x` and `?specialty=x` give the same key.
 */
export function cacheKey(scope: string, query: Record<string, unknown>): string {
  const digest = createHash('sha256').update(canonicalJson(query)).digest('base64url').slice(0, 22);
  return `${scope}:${digest}`;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
