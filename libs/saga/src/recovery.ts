import type { Logger } from '@medicalink/observability';

/** Calls `round` now and then every `intervalMs`; again at once while rounds come back full. */
export class RecoveryLoop {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;

  constructor(
    private readonly round: () => Promise<{ claimed: number }>,
    private readonly batchSize: number,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Runs a round soon instead of after the interval (a round in progress is not doubled). */
  nudge(): void {
    if (!this.running || this.current) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Stops scheduling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.tick().finally(() => (this.current = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let full = false;
    try {
      full = (await this.round()).claimed >= this.batchSize;
    } catch (error) {
      this.logger.warn({ err: error }, 'saga recovery round failed');
    }
    if (this.running) this.schedule(full ? 0 : this.intervalMs);
  }
}
