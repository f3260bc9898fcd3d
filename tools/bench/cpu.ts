/**
 * CPU time per process from /proc (Linux only; elsewhere every reading is NaN), so a bench can
 * say where the CPU of each operation went: this is independent of what else the machine runs.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc's CPU times on every mainstream Linux. */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) a process has used so far; NaN if unreadable. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU milliseconds used so far by every live process whose command name (/proc/<pid>/comm) is one
 * of `names`, e.g. the PostgreSQL server and its backends; one that exits between readings drops out.
 */
export function commandCpuMs(names: readonly string[]): number {
  return matchingProcessesCpuMs((pid) => names.includes(procText(pid, 'comm').trim()));
}

/**
 * CPU milliseconds used so far by the live PostgreSQL backends serving any of `databases` (a
 * backend's process title names its database): what a bench's own queries cost the server,
 * apart from the backends of whatever else uses it. Server-wide work (WAL writer, checkpointer,
 * autovacuum) is not in it.
 */
export function postgresBackendsCpuMs(databases: readonly string[]): number {
  const names = new Set(databases);
  return matchingProcessesCpuMs(
    (pid) =>
      procText(pid, 'comm').trim() === 'postgres' &&
      procText(pid, 'cmdline')
        .split(/[\s\0]+/)
        .some((word) => names.has(word)),
  );
}

function procText(pid: string, file: string): string {
  return readFileSync(`/proc/${pid}/${file}`, 'utf8');
}

/** The CPU of every live process `matches` accepts (it may throw for a process gone meanwhile). */
function matchingProcessesCpuMs(matches: (pid: string) => boolean): number {
  let total = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return Number.NaN;
  }
  for (const entry of entries) {
    try {
      if (!matches(entry)) continue;
    } catch {
      continue; // gone meanwhile
    }
    const ms = processCpuMs(Number(entry));
    if (Number.isFinite(ms)) total += ms;
  }
  return total;
}

/** Busy CPU milliseconds of the whole machine (all cores) so far; NaN if unreadable. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const ticks = values.map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    const total = ticks.reduce((sum, n) => sum + n, 0);
    return ((total - idle) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** CPU used between two readings, by name. */
export class CpuMeter {
  private start = new Map<string, number>();

  constructor(private readonly sources: Record<string, () => number>) {}

  begin(): void {
    this.start = new Map(Object.entries(this.sources).map(([name, read]) => [name, read()]));
  }

  /** CPU ms used since begin(), by source. */
  end(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.sources).map(([name, read]) => [
        name,
        read() - (this.start.get(name) ?? Number.NaN),
      ]),
    );
  }
}
