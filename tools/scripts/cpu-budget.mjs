// Where a long run's CPU went, by kind of process (Linux only: it reads /proc). Every process on
// the machine is sampled once a second, the brokers and databases too, so the table shows what
// the run made them do; CPU a process had used before the first sample is not counted. A process
// that ends is counted up to its last sample: the table is a floor, short of at most a second of
// CPU per process. It reads /proc as tools/bench/cpu.ts does, here in plain Node: `npm test`'s
// scripts run without the TypeScript build.
import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 1_000;
const CLOCK_TICKS_PER_SECOND = 100;

/** The first matching rule names a process's kind; an app by its folder under dist/apps. */
const KINDS = [
  [/beam\.smp/, 'rabbitmq'],
  [/(^|\/)postgres\b/, 'postgresql'],
  [/redis-server/, 'redis'],
  [/chrom(e|ium)/, 'chromium'],
  [/vitest/, 'vitest (workers and main)'],
  [/eslint/, 'eslint'],
  [/typescript\/bin\/tsc|\btsc\b/, 'tsc'],
  [/prettier/, 'prettier'],
  [/apps\/cli\/bin\/medicalink|dist\/apps\/cli\//, 'medicalink CLI'],
  [/dist\/apps\/([\w-]+)\//, (match) => `app ${match[1]}`],
  [/npm(-cli)?\b/, 'npm'],
  [/^node\b|\/node\b/, 'other node'],
];

export function kindOf(commandLine) {
  if (commandLine === '') return 'kernel';
  for (const [pattern, kind] of KINDS) {
    const match = pattern.exec(commandLine);
    if (match) return typeof kind === 'function' ? kind(match) : kind;
  }
  return 'other';
}

/** CPU ticks and start time of every process now; its command line read once, when first seen. */
function sample(seen) {
  let pids;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return false;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const key = `${pid}:${fields[19]}`;
      const known = seen.get(key);
      if (known) known.last = ticks;
      else {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        seen.set(key, { kind: kindOf(commandLine.trim()), first: ticks, last: ticks });
      }
    } catch {
      // it ended between the listing and the read
    }
  }
  return true;
}

/**
 * Starts sampling; stop() returns the table (CPU seconds by kind, largest first), or undefined
 * where /proc cannot be read.
 */
export function startCpuBudget() {
  const seen = new Map();
  const started = performance.now();
  if (!sample(seen)) return { stop: () => undefined };
  // processes already running count from here: what they had used before is not this run's
  for (const entry of seen.values()) entry.first = entry.last;
  const timer = setInterval(() => sample(seen), SAMPLE_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample(seen);
      const byKind = new Map();
      for (const { kind, first, last } of seen.values()) {
        byKind.set(kind, (byKind.get(kind) ?? 0) + (last - first) / CLOCK_TICKS_PER_SECOND);
      }
      const rows = [...byKind].filter(([, seconds]) => seconds >= 0.5);
      rows.sort((a, b) => b[1] - a[1]);
      const total = rows.reduce((sum, [, seconds]) => sum + seconds, 0);
      const wall = (performance.now() - started) / 1_000;
      return [
        `CPU by kind of process, every process on the machine (${total.toFixed(0)} s of CPU in ` +
          `${wall.toFixed(0)} s, ${(total / wall).toFixed(1)} cores busy on average):`,
        ...rows.map(([kind, seconds]) => `${seconds.toFixed(1).padStart(8)} s  ${kind}`),
      ].join('\n');
    },
  };
}
