import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { ListeningAnnouncement } from '@medicalink/runtime';
import { APP_PORT_VARIABLES, type MedicalinkApp } from './apps';
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

/**
 * A port nothing listens on right now. Only for addresses that must stay dead (a Redis that is
 * "down"): an app given such a port may find it taken by the time it binds; start apps on
 * port 0 and ask them with `listening()`.
 */
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
  alive(): boolean;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  waitForHttp(url: string, timeoutMs?: number): Promise<void>;
  /**
   * The URL an app (see spawnApp) announced once listening, after its /health answered;
   * fails at once if the app exits first.
   */
  up(timeoutMs?: number): Promise<string>;
  /** sends a signal and resolves with the exit code (null when killed by a signal) */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** Runs a compiled script of the repo (`dist/...`, from `npm run build`) as a child process. */
export function spawnCompiled(
  name: string,
  distPath: string,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): ChildApp {
  const script = join(repoRoot(), 'dist', distPath);
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlags, script], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    // The IPC channel carries the app's "listening on <url>" announcement.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const announced = new Promise<string>((resolveUrl, rejectUrl) => {
    child.on('message', (message: Partial<ListeningAnnouncement>) => {
      if (message.type === 'medicalink:listening' && typeof message.url === 'string')
        resolveUrl(message.url);
    });
    // 'close', not 'exit': by then everything it printed has been read.
    child.once('close', () => rejectUrl(new Error(`${name} exited before listening:\n${output}`)));
  });
  announced.catch(() => undefined); // only a caller of up() needs to hear about it
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  // Start-up guards, not timing assertions: six apps migrating at once on a loaded 2-core machine
  // have been seen to need more than 20 s.
  const waitForHttp = (url: string, timeoutMs = 60_000) =>
    eventually(
      async () => {
        if (!alive()) throw new Error(`${name} exited during start-up:\n${output}`);
        const response = await fetch(url);
        if (response.status >= 500 && response.status !== 503)
          throw new Error(`${url}: ${response.status}`);
      },
      { timeoutMs, intervalMs: 100 },
    );
  return {
    name,
    child,
    output: () => output,
    alive,
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
    waitForHttp,
    up: async (timeoutMs = 60_000) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`${name} did not listen within ${timeoutMs} ms:\n${output.slice(-2_000)}`),
            ),
          timeoutMs,
        );
      });
      const url = await Promise.race([announced, timeout]).finally(() => clearTimeout(timer));
      await waitForHttp(`${url}/health`, timeoutMs);
      return url;
    },
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

/**
 * Starts `dist/apps/<app>/src/main.js` on a port the OS picks (its port variable is 0 unless
 * `env` sets it); `up()` tells the URL. A port chosen beforehand with freePort() can be taken by
 * another process before the app binds it, and then another app answers this one's /health.
 * `nodeFlags` go on its command line (--cpu-prof, which NODE_OPTIONS does not accept).
 */
export function spawnApp(
  app: MedicalinkApp,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): ChildApp {
  const port = { [APP_PORT_VARIABLES[app]]: '0' };
  return spawnCompiled(app, `apps/${app}/src/main.js`, { ...port, ...env }, nodeFlags);
}

/** spawnApp, then wait until it is up. */
export async function startApp(
  app: MedicalinkApp,
  env: Record<string, string>,
): Promise<{ app: ChildApp; url: string }> {
  const child = spawnApp(app, env);
  try {
    return { app: child, url: await child.up() };
  } catch (error) {
    // An app too slow to announce itself must not outlive the test that gave up on it.
    await child.stop('SIGKILL').catch(() => undefined);
    throw error;
  }
}
