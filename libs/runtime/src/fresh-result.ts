/**
 * A result recomputed at most once per `maxAgeMs`, for endpoints anyone may call often (health):
 * a caller gets the last result while it is that fresh, else joins the one refresh in flight
 * (or starts it), so a flood of callers costs one computation per `maxAgeMs` whatever its rate.
 * A result's age counts from the start of its computation: it says how the world looked then.
 * A failed computation is not kept: the next caller tries again.
 */
export class FreshResult<T> {
  private last: { value: T; startedAt: number } | undefined;
  private inFlight: Promise<T> | undefined;

  constructor(
    private readonly compute: () => Promise<T>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(): Promise<T> {
    if (this.last && this.now() - this.last.startedAt <= this.maxAgeMs) {
      return Promise.resolve(this.last.value);
    }
    if (!this.inFlight) {
      const startedAt = this.now();
      this.inFlight = this.compute()
        .then((value) => {
          this.last = { value, startedAt };
          return value;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }
}

/** How old a health report may be when it is served (GET /health, the health RPC). */
export const HEALTH_REPORT_MAX_AGE_MS = 1_000;
