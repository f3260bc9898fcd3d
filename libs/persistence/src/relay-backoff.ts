/** Delay before the next attempt after `failures` consecutive failed batches (1, 2, ...). */
export function relayBackoffMs(failures: number, baseMs: number, maxMs: number): number {
  if (failures <= 0) return baseMs;
  return Math.min(maxMs, Math.max(1, baseMs) * 2 ** Math.min(failures - 1, 30));
}
