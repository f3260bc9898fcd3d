/**
 * Shared by saga-bench and saga-chaos: the doctor-creation saga's services started as
 * processes from dist/ (`npm run build`) in a private test namespace, plus unique commands.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreateDoctorCommand } from '@medicalink/contracts';
import { spawnApp, type ChildApp, type TestNamespace } from '@medicalink/testing';

export type SagaApp = 'accounts' | 'provider-directory' | 'orchestrator';

export interface RunningApp {
  /** e.g. `orchestrator-a#2` (the second process of that slot) */
  label: string;
  app: ChildApp;
  url: string;
}

/** Every process a run started (dead or alive), so their output can be saved and they can be stopped. */
export class AppProcesses {
  readonly all: RunningApp[] = [];

  constructor(
    private readonly namespace: TestNamespace,
    /** extra node flags per process label, e.g. cpuProfileFlags */
    private readonly nodeFlags: (label: string) => string[] = () => [],
  ) {}

  /** Spawns `dist/apps/<app>/src/main.js` on a port the OS picks and waits for its /health. */
  async start(app: SagaApp, label: string, env: Record<string, string> = {}): Promise<RunningApp> {
    const child = spawnApp(app, this.namespace.env(env), this.nodeFlags(label));
    const running = { label, app: child, url: '' };
    this.all.push(running); // before waiting: a process that fails to start is still stopped
    running.url = await child.up(60_000);
    return running;
  }

  /** SIGTERM (graceful drain) to every live process, SIGKILL after the grace period. */
  async stopAll(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    await Promise.all(this.all.map((p) => p.app.stop(signal, graceMs).catch(() => null)));
  }

  /** Synchronous last resort (process exit handlers): SIGKILL whatever is still alive. */
  killAllNow(): void {
    for (const p of this.all) {
      const child = p.app.child;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }

  /** Writes each process's output to `<dir>/<label>.log`; resolves with the directory. */
  async saveOutput(dir: string): Promise<string> {
    await mkdir(dir, { recursive: true });
    await Promise.all(
      this.all.map((p) =>
        writeFile(join(dir, `${p.label.replace(/[^a-z0-9#_-]/gi, '_')}.log`), p.app.output()),
      ),
    );
    return dir;
  }
}

/** FAULT_INJECTION for the given rules (the first rule whose pattern matches a message decides). */
export function faultEnv(rules: Record<string, unknown>[]): Record<string, string> {
  return rules.length > 0 ? { FAULT_INJECTION: JSON.stringify(rules) } : {};
}

/** Unique emails and license numbers per call: `<run>-<n>`. */
export class DoctorCommands {
  private readonly run = randomBytes(4).toString('hex');
  private counter = 0;

  constructor(private readonly label: string) {}

  next(): CreateDoctorCommand {
    const tag = `${this.run}-${(this.counter += 1)}`;
    return {
      email: `${this.label}-${tag}@medicalink.test`,
      password: 'a long enough password',
      fullName: `Dr. ${this.label} ${tag}`,
      specialty: 'Oncology',
      licenseNumber: `${this.label}-${tag}`.toUpperCase(),
      permissions: ['doctor:write'],
    };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work` for every item with at most `concurrency` in flight. */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stopped()) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
