/**
 * What every bench does around its main(): clean-ups registered as things start, run once in
 * reverse order; Ctrl-C or SIGTERM stops the load (`onInterrupt`), cleans up and exits 130; a
 * failure is printed, cleaned up after and exits 1.
 */
export class BenchCleanup {
  private readonly stops: (() => Promise<void>)[] = [];
  private running: Promise<void> | undefined;

  /** `first` runs before the registered stops (e.g. killing forked load generators). */
  constructor(private readonly first?: () => Promise<void>) {}

  add(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }

  /** Runs every clean-up once, whoever asks first; a failing one is reported, not fatal. */
  run(): Promise<void> {
    this.running ??= (async () => {
      await this.first?.();
      for (const stop of this.stops.reverse()) {
        await stop().catch((error: unknown) => {
          process.stderr.write(`clean-up failed: ${(error as Error).message}\n`);
        });
      }
    })();
    return this.running;
  }
}

export function runBench(
  name: string,
  main: () => Promise<void>,
  options: { cleanup: () => Promise<void>; onInterrupt?: () => void },
): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`${signal}: stopping everything\n`);
      options.onInterrupt?.();
      void options.cleanup().finally(() => process.exit(130));
    });
  }
  main().catch(async (error: unknown) => {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${name} bench failed: ${reason}\n`);
    await options.cleanup().catch(() => undefined);
    process.exit(1);
  });
}
