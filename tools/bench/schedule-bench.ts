/**
 * Schedule import benchmark (`npm run bench:schedule`): a generated .xlsx of BENCH_SHIFTS
 * (50,000) shifts,
 *   parse    provider-directory's parser alone, in a process of its own (parse-once.ts);
 *   import   the real import of the same file: orchestrator.scheduleImport.start, the saga,
 *            phase 1 in provider-directory (parse in a worker thread, which starts and loads
 *            SheetJS for each file, + one transaction of batched inserts), timed from the
 *            request to phase 1's end as journaled (the hospital has no roster source, so phase 2
 *            is skipped; phase 3 runs after and is not counted).
 * The modes alternate BENCH_RUNS (3) times; the best run of each counts (the first pays for cold
 * caches, and the machine's other load comes and goes).
 * provider-directory, orchestrator run as processes from dist/ in a fresh test namespace.
 * Peak RSS: the parse process's maxRSS, and provider-directory's VmHWM after the imports.
 * Last line: `schedule ratio import/parse: <x>, shifts/s: <y>, peak rss MB: <z>`, where x is the
 * import's throughput over the parser's, y the import's shifts/s and z the larger peak RSS of
 * the two processes that parse.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hospitalRpc, scheduleImportRpc } from '@medicalink/contracts';
import {
  createSystem,
  createTestClient,
  generatedShifts,
  repoRoot,
  scheduleFile,
  type ChildApp,
  type TestClient,
} from '@medicalink/testing';
import { positiveEnv } from './env';
import { finishBench } from './report';
import { fixed, formatLine } from './table';

const SHIFTS = positiveEnv('BENCH_SHIFTS', 50_000);
const RUNS = positiveEnv('BENCH_RUNS', 3);
const run = promisify(execFile);

interface Measure {
  ms: number;
  peakRssMb: number;
}

async function parseOnce(file: string): Promise<Measure & { shifts: number }> {
  const script = join(repoRoot(), 'dist/tools/bench/schedule/parse-once.js');
  const { stdout } = await run(process.execPath, [script, file, 'xlsx'], {
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as Measure & { shifts: number };
}

async function importOnce(client: TestClient, content: Buffer): Promise<number> {
  const hospital = await client.rpc.call(hospitalRpc.create, {
    name: `Bench hospital ${randomUUID().slice(0, 8)}`,
  });
  const started = Date.now();
  const { importId } = await client.rpc.call(scheduleImportRpc.start, {
    hospitalId: hospital.id,
    startedBy: randomUUID(),
    fileName: 'bench.xlsx',
    fileType: 'xlsx',
    contentBase64: content.toString('base64'),
  });
  for (;;) {
    const view = await client.rpc.call(scheduleImportRpc.get, { id: importId });
    const phase1 = view.phases[0];
    if (phase1?.state === 'succeeded' && phase1.finishedAt) {
      if (view.result.shiftCount !== SHIFTS) {
        throw new Error(`imported ${view.result.shiftCount} shifts, expected ${SHIFTS}`);
      }
      return Date.parse(phase1.finishedAt) - started;
    }
    if (phase1?.state === 'failed' || view.status === 'failed') {
      throw new Error(`import failed: ${JSON.stringify(view.validation.errors.slice(0, 3))}`);
    }
    // The end is read from the journal, so a slow poll costs no precision; a fast one would
    // take CPU from the import it measures.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The process's peak resident set (VmHWM), from /proc. */
function peakRssMb(child: ChildApp): number {
  const status = readFileSync(`/proc/${child.child.pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function main(): Promise<void> {
  const file = join(tmpdir(), `schedule-bench-${process.pid}.xlsx`);
  const content = scheduleFile(generatedShifts(SHIFTS), 'xlsx');
  writeFileSync(file, content);
  process.stderr.write(`generated ${SHIFTS} shifts: ${(content.length / 1024).toFixed(0)} KiB\n`);

  const parses: Array<Measure & { shifts: number }> = [];
  /** every failed run, one line each: the ratio is printed only without any */
  const problems: string[] = [];

  const system = await createSystem({ label: 'schbench' });
  let client: TestClient | undefined;
  const imports: number[] = [];
  let directoryPeak = Number.NaN;
  try {
    // info: provider-directory logs how long storing the spreadsheet took
    const [{ proc: directory }] = await Promise.all([
      system.start('provider-directory', { env: { LOG_LEVEL: 'info' } }),
      system.start('orchestrator'),
    ]);
    client = await createTestClient(system.namespace, { timeoutMs: 120_000 });
    // Interleaved, so a burst of load from elsewhere on the machine hits both modes alike.
    for (let i = 0; i < RUNS; i += 1) {
      const parsed = await parseOnce(file);
      if (parsed.shifts === SHIFTS) parses.push(parsed);
      else problems.push(`run ${i + 1}: the parser read ${parsed.shifts} of ${SHIFTS} shifts`);
      try {
        imports.push(await importOnce(client, content));
      } catch (error) {
        problems.push(`run ${i + 1}: import ${(error as Error).message}`);
      }
      process.stderr.write(
        `run ${i + 1}: parse ${fixed(parsed.ms, 0)} ms, import ${imports.at(-1) ?? 'failed'} ms\n`,
      );
    }
    directoryPeak = peakRssMb(directory);
    for (const line of directory.output().split('\n')) {
      if (line.includes('schedule spreadsheet stored')) process.stderr.write(`${line}\n`);
    }
  } finally {
    await client?.close();
    await system.stop();
  }

  if (parses.length === 0 || imports.length === 0) {
    finishBench('schedule', { lines: [], ratios: [], problems });
    return;
  }
  const parse = parses.reduce((best, p) => (p.ms < best.ms ? p : best));
  const importMs = Math.min(...imports);
  const parsePeak = Math.max(...parses.map((p) => p.peakRssMb));
  if (!Number.isFinite(directoryPeak)) problems.push("provider-directory's peak RSS unreadable");
  const widths = [34, 10, 12, 14];
  const importRate = SHIFTS / (importMs / 1000);
  finishBench('schedule', {
    lines: [
      `schedule bench: ${SHIFTS} shifts in one .xlsx (${(content.length / 1024).toFixed(0)} KiB), best of ${RUNS}`,
      formatLine(widths, ['mode', 'ms', 'shifts/s', 'peak rss MB']),
      formatLine(widths, [
        'parse only (own process)',
        fixed(parse.ms, 0),
        fixed(SHIFTS / (parse.ms / 1000), 0),
        fixed(parsePeak, 0),
      ]),
      formatLine(widths, [
        'import, phase 1 (provider-directory)',
        fixed(importMs, 0),
        fixed(importRate, 0),
        fixed(directoryPeak, 0),
      ]),
    ],
    ratios: [
      `schedule ratio import/parse: ${fixed(parse.ms / importMs, 2)}, shifts/s: ${fixed(importRate, 0)}, peak rss MB: ${fixed(Math.max(parsePeak, directoryPeak), 0)}`,
    ],
    problems,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
