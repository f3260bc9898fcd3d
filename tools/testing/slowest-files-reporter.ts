import type { Reporter, TestModule } from 'vitest/node';

/** How many files the summary names. */
const SHOWN = 20;

/**
 * After a run, prints the slowest test files (import plus tests and hooks) and where the
 * run's time went per project, so the CI log says what to cut when the suite grows slow.
 */
export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const timed = testModules.map((module) => {
      const { collectDuration, duration } = module.diagnostic();
      return {
        file: `${module.project.name}  ${module.relativeModuleId}`,
        project: module.project.name,
        importMs: collectDuration,
        totalMs: collectDuration + duration,
      };
    });
    if (timed.length === 0) return;
    const lines = ['', `Slowest ${Math.min(SHOWN, timed.length)} test files (import + tests):`];
    for (const entry of [...timed].sort((a, b) => b.totalMs - a.totalMs).slice(0, SHOWN)) {
      lines.push(`${seconds(entry.totalMs).padStart(8)}  ${entry.file}`);
    }
    lines.push('Per project (files, seconds summed over files):');
    const projects = new Map<string, { files: number; ms: number; importMs: number }>();
    for (const entry of timed) {
      const sum = projects.get(entry.project) ?? { files: 0, ms: 0, importMs: 0 };
      projects.set(entry.project, {
        files: sum.files + 1,
        ms: sum.ms + entry.totalMs,
        importMs: sum.importMs + entry.importMs,
      });
    }
    for (const [name, sum] of projects) {
      lines.push(
        `${seconds(sum.ms).padStart(8)}  ${name} (${sum.files} files, ${seconds(sum.importMs)} importing)`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
