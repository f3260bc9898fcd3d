import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM, as run-parallel.mjs runs it
import * as script from './cpu-budget.mjs';

const { kindOf, startCpuBudget } = script as {
  kindOf(commandLine: string): string;
  startCpuBudget(): { stop(): string | undefined };
};

describe('cpu-budget', () => {
  it('names each kind of process by its command line', () => {
    const kinds: [commandLine: string, kind: string][] = [
      ['node --enable-source-maps /repo/dist/apps/api-gateway/src/main.js', 'app api-gateway'],
      ['node /repo/apps/cli/bin/medicalink.js doctors list', 'medicalink CLI'],
      ['postgres: 16/main: postgres e2e_x 127.0.0.1(5432) idle', 'postgresql'],
      ['/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql', 'postgresql'],
      ['/usr/lib/erlang/erts-13.1.5/bin/beam.smp -W w -- -root', 'rabbitmq'],
      ['/usr/lib/chromium/chromium --type=renderer', 'chromium'],
      ['node /repo/node_modules/vitest/dist/workers/forks.js', 'vitest (workers and main)'],
      ['node /repo/node_modules/.bin/eslint . --max-warnings 0', 'eslint'],
      ['node /repo/node_modules/typescript/bin/tsc -p tsconfig.json', 'tsc'],
      ['npm run --silent lint', 'npm'],
      ['', 'kernel'],
    ];
    for (const [commandLine, kind] of kinds) expect(kindOf(commandLine), commandLine).toBe(kind);
  });

  it.runIf(existsSync('/proc/self/stat'))(
    "counts this process's CPU from the first sample on",
    () => {
      const budget = startCpuBudget();
      const before = process.cpuUsage();
      // 0.7 s of CPU to be seen, however busy the machine is
      while (process.cpuUsage(before).user < 700_000);
      const table = budget.stop() ?? '';
      expect(table).toMatch(/^CPU by kind of process, every process on the machine/);
      const vitest = /^\s+([\d.]+) s {2}vitest \(workers and main\)$/m.exec(table);
      expect(Number(vitest?.[1])).toBeGreaterThanOrEqual(0.6);
    },
    30_000,
  );
});
