import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { eventually } from './eventually';

/** The monorepo root (where nx.json is), found from the working directory. */
export function repoRoot(start = process.cwd()): string {
  let dir = resolve(start);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ChildApp {
  readonly name: string;
  readonly child: ChildProcess;
  /** everything it printed so far (for assertions and failure messages) */
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  waitForHttp(url: string, timeoutMs?: number): Promise<void>;
  /** sends a signal and resolves with the exit code (null when killed by a signal) */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** Runs a compiled script of the repo (`dist/...`, from `npm run build`) as a child process. */
export function spawnCompiled(
  name: string,
  distPath: string,
  env: Record<string, string>,
): ChildApp {
  const script = join(repoRoot(), 'dist', distPath);
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, ['--enable-source-maps', script], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    output: () => output,
    waitForOutput: (pattern, timeoutMs = 15_000) =>
      eventually(
        () => {
          if (!pattern.test(output)) {
            if (!alive()) throw new Error(`${name} exited before printing ${pattern}:\n${output}`);
            throw new Error(`${name} has not printed ${pattern} yet:\n${output.slice(-2_000)}`);
          }
        },
        { timeoutMs },
      ),
    waitForHttp: (url, timeoutMs = 20_000) =>
      eventually(
        async () => {
          if (!alive()) throw new Error(`${name} exited during start-up:\n${output}`);
          const response = await fetch(url);
          if (response.status >= 500 && response.status !== 503)
            throw new Error(`${url}: ${response.status}`);
        },
        { timeoutMs, intervalMs: 100 },
      ),
    stop: async (signal = 'SIGTERM', timeoutMs = 15_000) => {
      if (!alive()) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Starts `dist/apps/<app>/src/main.js`. */
export function spawnApp(app: string, env: Record<string, string>): ChildApp {
  return spawnCompiled(app, `apps/${app}/src/main.js`, env);
}
