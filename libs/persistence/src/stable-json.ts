import { createHash } from 'node:crypto';

const byCodePoint = ([a]: [string, unknown], [b]: [string, unknown]) =>
  a < b ? -1 : a > b ? 1 : 0;

/** JSON.stringify with object keys sorted at every depth, so equal data gives equal text. */
export function stableJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(byCodePoint))
      : item,
  ) as string | undefined;
  return text ?? 'null';
}

/** sha256 (hex) of the request's stable JSON: what an idempotency key is bound to. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('hex');
}
