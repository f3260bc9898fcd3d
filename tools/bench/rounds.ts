/**
 * The order of round `round` (0-based) of an interleaved bench: the items rotated by `round`,
 * so no item always runs first (on a cold machine) or last.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const shift = items.length === 0 ? 0 : round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
