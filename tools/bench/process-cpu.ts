import { commandCpuMs, CpuMeter, processCpuMs } from './cpu';

/**
 * Where a bench row's CPU goes (Linux /proc, see cpu.ts): the bench's own processes by pid, and
 * the broker, Redis and PostgreSQL by command name. On a 2-core machine every part shares the
 * CPUs, so CPU per request says where a row's latency comes from.
 */
const INFRASTRUCTURE: Record<string, readonly string[]> = {
  rabbitmq: ['beam.smp'],
  redis: ['redis-server'],
  postgres: ['postgres'],
};

/** A meter of the given processes (label -> pid) and of the infrastructure. */
export function systemCpuMeter(processes: ReadonlyMap<string, number>): CpuMeter {
  const sources: Record<string, () => number> = {};
  for (const [label, pid] of processes) sources[label] = () => processCpuMs(pid);
  for (const [label, names] of Object.entries(INFRASTRUCTURE)) {
    sources[label] = () => commandCpuMs(names);
  }
  return new CpuMeter(sources);
}

/** Adds one reading (CPU ms by part, from CpuMeter.end) to a row's total. */
export function addCpuMs(total: Map<string, number>, used: Record<string, number>): void {
  for (const [part, ms] of Object.entries(used)) {
    if (Number.isFinite(ms)) total.set(part, (total.get(part) ?? 0) + ms);
  }
}

/**
 * `cpu ms/request: rabbitmq 0.41, api-gateway 0.30, ... (total 1.20)`, largest first; parts
 * under 0.005 ms are left out (idle apps, or a PostgreSQL backend that exited between the
 * readings, whose share can come out below zero), the total counts them.
 */
export function describeCpuPerRequest(
  totalMs: ReadonlyMap<string, number>,
  requests: number,
): string {
  if (totalMs.size === 0 || requests <= 0) return 'cpu ms/request: not measured (no /proc)';
  const perRequest = [...totalMs]
    .map(([part, ms]) => [part, ms / requests] as const)
    .sort((a, b) => b[1] - a[1]);
  const total = perRequest.reduce((sum, [, ms]) => sum + ms, 0);
  const parts = perRequest
    .filter(([, ms]) => ms >= 0.005)
    .map(([part, ms]) => `${part} ${ms.toFixed(2)}`)
    .join(', ');
  return `cpu ms/request: ${parts} (total ${total.toFixed(2)})`;
}

/**
 * Waits until the metered processes use less than `busyShare` of one core over `windowMs` (at
 * most `maxWaitMs`): work a row leaves behind (events relayed and consumed after the answers)
 * then ends before the next row starts, instead of counting against it.
 */
export async function waitForQuiet(
  meter: CpuMeter,
  { busyShare = 0.1, windowMs = 200, maxWaitMs = 5_000 } = {},
): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  while (Date.now() < deadline) {
    meter.begin();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = Object.values(meter.end()).filter(Number.isFinite);
    if (used.length === 0) return; // no /proc: nothing to wait for
    if (used.reduce((sum, ms) => sum + ms, 0) < busyShare * windowMs) return;
  }
}
