export interface RetrySettings {
  /** total deliveries, the first included */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Delay before delivery `attempt + 1`, doubling from the base up to the cap. */
export function retryDelayMs(settings: RetrySettings, attempt: number): number {
  return Math.min(settings.baseDelayMs * 2 ** (attempt - 1), settings.maxDelayMs);
}

/** Every distinct delay the schedule can use, one delay queue each. */
export function retryDelays(settings: RetrySettings): number[] {
  const delays = new Set<number>();
  for (let attempt = 1; attempt < settings.maxAttempts; attempt += 1) {
    delays.add(retryDelayMs(settings, attempt));
  }
  return [...delays];
}
