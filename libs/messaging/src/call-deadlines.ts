/**
 * Fires the deadlines of an RPC client's pending calls. Most calls share the client's default
 * timeout, so they reach their deadlines in the order they were made: those share one timer,
 * armed for the oldest, and cost a map entry each. A call whose deadline comes before one already
 * waiting (a shorter timeout, or a deadline inherited from its caller) gets a timer of its own.
 *
 * A timer per call cost most at concurrency 1: each call created, and on its reply dropped, the
 * timer list of its duration, crossing into libuv both times.
 */
export class CallDeadlines {
  /** calls in deadline order: id → deadline (epoch ms), never decreasing */
  private readonly inOrder = new Map<string, number>();
  /** calls that came out of order, each with its own timer */
  private readonly own = new Map<string, NodeJS.Timeout>();
  private latest = 0;
  private timer: NodeJS.Timeout | undefined;

  /** `expire` is called once for each call whose deadline passes before it is removed. */
  constructor(private readonly expire: (id: string) => void) {}

  add(id: string, deadline: number): void {
    if (deadline < this.latest) {
      const timer = setTimeout(() => {
        this.own.delete(id);
        this.expire(id);
      }, deadline - Date.now());
      this.own.set(id, timer);
      return;
    }
    this.latest = deadline;
    this.inOrder.set(id, deadline);
    if (!this.timer) this.arm(deadline);
  }

  /** The call settled: its deadline no longer matters. */
  remove(id: string): void {
    if (this.inOrder.delete(id)) return;
    const timer = this.own.get(id);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.own.delete(id);
  }

  /** Stops every timer; calls still pending are the caller's to settle. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const timer of this.own.values()) clearTimeout(timer);
    this.own.clear();
    this.inOrder.clear();
  }

  /**
   * Not holding the process open: a pending call is waiting on the broker connection, which
   * does, and closing the client settles every call. The timer outlives the call it was armed
   * for; firing then, it re-arms for the oldest call still waiting.
   */
  private arm(deadline: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(deadline - Date.now(), 0));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = Date.now();
    for (const [id, deadline] of this.inOrder) {
      if (deadline > now) {
        this.arm(deadline);
        return;
      }
      this.inOrder.delete(id);
      this.expire(id);
    }
  }
}
