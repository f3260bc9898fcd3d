import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time each part of the system spends per request during a bench row (Linux /proc only):
 * the bench's own apps by pid, and the broker, Redis and PostgreSQL by process name. On a
 * 2-core machine every part shares the CPUs, so these figures say where a row's time goes.
 */
const INFRASTRUCTURE: ReadonlyMap<string, string> = new Map([
  ['beam.smp', 'rabbitmq'],
  ['redis-server', 'redis'],
  ['postgres', 'postgres'],
]);
/** /proc/<pid>/stat counts clock ticks, 100 per second on the Linux builds this runs on */
const TICKS_PER_SECOND = 100;

/** pid -> the part it belongs to and the CPU seconds it has used */
export type CpuSnapshot = ReadonlyMap<number, { part: string; seconds: number }>;

function readStat(pid: number): { command: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command sits in parentheses and may itself contain spaces
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // counted from the state (field 3): utime is field 14, stime field 15
    const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    return { command: stat.slice(stat.indexOf('(') + 1, close), seconds: ticks / TICKS_PER_SECOND };
  } catch {
    return undefined; // gone in between, or no /proc
  }
}

/** CPU seconds used so far by the given apps (label -> pid) and the infrastructure's processes. */
export function cpuSnapshot(apps: ReadonlyMap<string, number>): CpuSnapshot {
  const snapshot = new Map<number, { part: string; seconds: number }>();
  let pids: number[] = [];
  try {
    pids = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number);
  } catch {
    return snapshot;
  }
  const appByPid = new Map([...apps].map(([label, pid]) => [pid, label]));
  for (const pid of pids) {
    const stat = readStat(pid);
    const part = appByPid.get(pid) ?? (stat ? INFRASTRUCTURE.get(stat.command) : undefined);
    if (stat && part) snapshot.set(pid, { part, seconds: stat.seconds });
  }
  return snapshot;
}

/** CPU seconds each part used between two snapshots, added to `into` (for rows run in rounds). */
export function addCpuUsed(
  into: Map<string, number>,
  before: CpuSnapshot,
  after: CpuSnapshot,
): Map<string, number> {
  // A process started in between counts from its start; one that ended in between is not counted.
  for (const [pid, { part, seconds }] of after) {
    const used = seconds - (before.get(pid)?.seconds ?? 0);
    into.set(part, (into.get(part) ?? 0) + used);
  }
  return into;
}

/** `cpu ms/request: rabbitmq 0.41, api-gateway 0.30, ... (total 1.20)`, largest first. */
export function describeCpuPerRequest(used: ReadonlyMap<string, number>, requests: number): string {
  if (used.size === 0 || requests <= 0) return 'cpu ms/request: not measured (no /proc)';
  const perRequest = [...used]
    .map(([part, seconds]) => [part, (seconds * 1000) / requests] as const)
    .sort((a, b) => b[1] - a[1]);
  const total = perRequest.reduce((sum, [, ms]) => sum + ms, 0);
  const parts = perRequest.map(([part, ms]) => `${part} ${ms.toFixed(2)}`).join(', ');
  return `cpu ms/request: ${parts} (total ${total.toFixed(2)})`;
}

/**
 * Waits until the given apps and the infrastructure use less than `busyShare` of one core over
 * `windowMs` (at most `maxWaitMs`): work a row leaves behind (events relayed and consumed after
 * the answers) then ends before the next row starts, instead of counting against it.
 */
export async function waitForQuiet(
  apps: ReadonlyMap<string, number>,
  { busyShare = 0.1, windowMs = 200, maxWaitMs = 5_000 } = {},
): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  while (Date.now() < deadline) {
    const before = cpuSnapshot(apps);
    if (before.size === 0) return;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = addCpuUsed(new Map(), before, cpuSnapshot(apps));
    const seconds = [...used.values()].reduce((sum, value) => sum + value, 0);
    if (seconds < (busyShare * windowMs) / 1000) return;
  }
}
