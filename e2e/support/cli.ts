import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@medicalink/testing';

export const CLI_BIN = join(repoRoot(), 'apps/cli/bin/medicalink.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `medicalink <args>` as a process with pipes (no terminal) against `gatewayUrl`, its session
 * kept in `configDir`; `stdin` is written to its input (a password for --password-stdin).
 */
export function runCli(
  args: string[],
  options: { gatewayUrl: string; configDir: string; env?: Record<string, string>; stdin?: string },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnWith(args, options);
    child.stdin.end(options.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export interface RunningCli {
  /** what it printed so far */
  stdout(): string;
  /** resolves once its output holds `text` (or matches it), or rejects after `timeoutMs` */
  printed(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** sends `signal` and resolves with how it ended */
  stop(signal: NodeJS.Signals): Promise<CliRun>;
}

/** `medicalink <args>` left running (a --follow or --watch command), like runCli. */
export function spawnCli(
  args: string[],
  options: { gatewayUrl: string; configDir: string; env?: Record<string, string> },
): RunningCli {
  const child = spawnWith(args, options);
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<CliRun>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
  return {
    stdout: () => stdout,
    printed: async (text, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      const holds = () => (typeof text === 'string' ? stdout.includes(text) : text.test(stdout));
      while (!holds()) {
        if (child.exitCode !== null || Date.now() > until) {
          throw new Error(
            `the CLI did not print ${String(text)}; stdout:\n${stdout}\nstderr:\n${stderr}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: (signal) => {
      child.kill(signal);
      return closed;
    },
  };
}

function spawnWith(
  args: string[],
  options: { gatewayUrl: string; configDir: string; env?: Record<string, string> },
) {
  return spawn(process.execPath, [CLI_BIN, ...args], {
    env: {
      PATH: process.env['PATH'] ?? '',
      MEDICALINK_URL: options.gatewayUrl,
      MEDICALINK_CONFIG_DIR: options.configDir,
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
