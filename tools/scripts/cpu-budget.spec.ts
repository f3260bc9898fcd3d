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
    expect(kindOf('node --enable-source-maps /repo/dist/apps/api-gateway/src/main.js')).toBe(
      'app api-gateway',
    );
    expect(kindOf('node /repo/apps/cli/bin/medicalink.js doctors list')).toBe('medicalink CLI');
    expect(kindOf('postgres: 16/main: postgres e2e_x 127.0.0.1(5432) idle')).toBe('postgresql');
    expect(kindOf('/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql')).toBe('postgresql');
    expect(kindOf('/usr/lib/erlang/erts-13.1.5/bin/beam.smp -W w -- -root')).toBe('rabbitmq');
    expect(kindOf('/usr/lib/chromium/chromium --type=renderer')).toBe('chromium');
    expect(kindOf('node /repo/node_modules/vitest/dist/workers/forks.js')).toBe(
      'vitest (workers and main)',
    );
    expect(kindOf('node /repo/node_modules/.bin/eslint . --max-warnings 0')).toBe('eslint');
    expect(kindOf('node /repo/node_modules/typescript/bin/tsc -p tsconfig.json')).toBe('tsc');
    expect(kindOf('npm run --silent lint')).toBe('npm');
    expect(kindOf('')).toBe('kernel');
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
