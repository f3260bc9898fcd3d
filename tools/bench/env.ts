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
