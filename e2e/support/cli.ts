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
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: {
        PATH: process.env['PATH'] ?? '',
        MEDICALINK_URL: options.gatewayUrl,
        MEDICALINK_CONFIG_DIR: options.configDir,
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(options.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
