/** How waiting for the sagas to end went. */
export type SettleOutcome =
  | { settled: true; counts: Record<string, number> }
  /** still live at the deadline: those are stuck */
  | { settled: false; counts: Record<string, number> }
  /** the journal could not be read at the deadline: nothing is known, the run fails */
  | { settled: false; error: string; counts?: Record<string, number> };

/**
 * Polls the journal's saga counts by state until none is running or compensating, or the
 * deadline passes. A query that fails (PostgreSQL restarting, say) is tried again; it never
 * reads as "nothing live".
 */
export async function waitUntilSettled(
  readCounts: () => Promise<Record<string, number>>,
  options: { deadline: number; intervalMs?: number; now?: () => number },
): Promise<SettleOutcome> {
  const now = options.now ?? Date.now;
  let lastCounts: Record<string, number> | undefined;
  let lastError: string | undefined;
  for (;;) {
    try {
      lastCounts = await readCounts();
      lastError = undefined;
      const live = (lastCounts['running'] ?? 0) + (lastCounts['compensating'] ?? 0);
      if (live === 0) return { settled: true, counts: lastCounts };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (now() > options.deadline) {
      if (lastError !== undefined)
        return { settled: false, error: lastError, ...(lastCounts ? { counts: lastCounts } : {}) };
      return { settled: false, counts: lastCounts ?? {} };
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
  }
}
