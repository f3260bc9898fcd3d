import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, repoRoot } from '@medicalink/testing';

/** One app of the system, started from dist/ as its own process. */
export interface BenchApp {
  readonly name: string;
  readonly child: ChildProcess;
  output(): string;
  alive(): boolean;
  waitForHttp(url: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM (SIGKILL after timeoutMs); resolves with the exit code */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Like spawnApp of @medicalink/testing, plus extra node flags: --cpu-prof is not
 * accepted in NODE_OPTIONS, so a profiled app needs it on its command line.
 */
export function spawnBenchApp(
  app: string,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): BenchApp {
  const script = join(repoRoot(), 'dist', 'apps', app, 'src', 'main.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlags, script], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const exited = alive() ? once(child, 'exit') : Promise.resolve();
  return {
    name: app,
    child,
    output: () => output,
    alive,
    waitForHttp: (url, timeoutMs = 30_000) =>
      eventually(
        async () => {
          if (!alive()) throw new Error(`${app} exited during start-up:\n${output}`);
          const response = await fetch(url);
          if (response.status >= 500 && response.status !== 503)
            throw new Error(`${url}: ${response.status}`);
        },
        { timeoutMs, intervalMs: 100 },
      ),
    stop: async (timeoutMs = 15_000) => {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await exited;
        clearTimeout(timer);
      }
      return child.exitCode;
    },
  };
}
