import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A positive number from the environment, or the fallback when unset. */
export function positiveEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be > 0 (got "${raw}")`);
  return value;
}

/** A comma-separated list from the environment (`BENCH_ONLY=hit,miss`); empty when unset. */
export function commaList(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Where CPU profiles go: BENCH_PROFILE_DIR, default `<tmpdir>/<defaultDir>`. */
export function cpuProfileDir(defaultDir: string): string {
  return resolve(process.env['BENCH_PROFILE_DIR'] ?? join(tmpdir(), defaultDir));
}

/**
 * Node flags that make a process write `<fileName>.cpuprofile` to cpuProfileDir() on exit,
 * when `name` is listed in BENCH_PROFILE; none otherwise.
 */
export function cpuProfileFlags(name: string, defaultDir: string, fileName = name): string[] {
  if (!commaList('BENCH_PROFILE').includes(name)) return [];
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${cpuProfileDir(defaultDir)}`,
    `--cpu-prof-name=${fileName}.cpuprofile`,
  ];
}
