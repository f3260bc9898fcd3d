import { spawnCompiled, type ChildApp } from './processes';

/** A compiled script kept running like a process manager would: started again whenever it dies. */
export interface SupervisedProcess {
  readonly name: string;
  /** everything every run of it printed, in order */
  output(): string;
  /** how many times it was started (1 = never restarted) */
  starts(): number;
  /** the run that is up now (or the last one, once stopped or out of restarts) */
  current(): ChildApp;
  /** called after each death of a run, before the next run starts */
  onExit(listener: () => void): void;
  /** kills the current run at once (SIGKILL); it is started again like after any death */
  kill(): Promise<void>;
  /** stops supervising and kills the current run */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  /** the environment of each run, by its number (1-based) */
  env(start: number): Record<string, string>;
  /** runs allowed in all; past them a death is final (so a test that loops ends) */
  maxStarts: number;
}

/**
 * Starts `dist/<distPath>` and starts it again each time it exits, up to `maxStarts` runs:
 * what a container runtime or `npm start` does to a service that crashes, for tests of
 * messages that end their consumer.
 */
export function superviseCompiled(
  name: string,
  distPath: string,
  options: SuperviseOptions,
): SupervisedProcess {
  let current: ChildApp;
  let earlierOutput = '';
  let starts = 0;
  let stopped = false;
  const listeners: (() => void)[] = [];
  const start = (): void => {
    starts += 1;
    const child = spawnCompiled(name, distPath, options.env(starts));
    current = child;
    child.child.once('close', () => {
      earlierOutput += child.output();
      if (stopped) return;
      listeners.forEach((listener) => listener());
      if (starts < options.maxStarts) start();
    });
  };
  start();
  return {
    name,
    output: () => earlierOutput + (current.alive() ? current.output() : ''),
    starts: () => starts,
    current: () => current,
    onExit: (listener) => listeners.push(listener),
    kill: async () => {
      await current.stop('SIGKILL');
    },
    stop: async () => {
      stopped = true;
      await current.stop('SIGKILL');
    },
  };
}
