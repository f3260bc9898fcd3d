import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable } from '@nestjs/common';
import type { ImportMessage, ScheduleFileType } from '@medicalink/contracts';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import type { DirectoryEnv } from '../config';
import type { ParseJob, ParseOutcome } from './shift-spreadsheet.worker';
import { UnreadableSpreadsheetError, type ParsedSpreadsheet } from './shift-spreadsheet';

/**
 * Parses schedule files off the service's thread: each in a worker thread of its own with a
 * bounded heap (SCHEDULE_PARSE_MAX_HEAP_MB) and a deadline (SCHEDULE_PARSE_TIMEOUT_MS), at most
 * SCHEDULE_PARSE_CONCURRENCY at a time. Whatever a file does to the parser, the service stays up
 * and answers: a refusal, a worker out of memory or out of time, and a parser failure all end as
 * an UnreadableSpreadsheetError naming the problem.
 */
@Injectable()
export class SpreadsheetParser {
  private readonly slots: Slots;
  /** found at the first parse, so that the service starts from its sources without a build */
  private script: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: DirectoryEnv,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.slots = new Slots(config.SCHEDULE_PARSE_CONCURRENCY);
  }

  parse(content: Buffer, fileType: ScheduleFileType): Promise<ParsedSpreadsheet> {
    return this.slots.run(() => this.inWorker(content, fileType));
  }

  private async inWorker(content: Buffer, fileType: ScheduleFileType): Promise<ParsedSpreadsheet> {
    const { SCHEDULE_PARSE_TIMEOUT_MS: timeoutMs, SCHEDULE_PARSE_MAX_HEAP_MB: heapMb } =
      this.config;
    const job: ParseJob = {
      content,
      fileType,
      limits: {
        maxUnzippedBytes: this.config.SCHEDULE_MAX_UNZIPPED_BYTES,
        maxCells: this.config.SCHEDULE_MAX_CELLS,
      },
    };
    this.script ??= workerScript();
    const outcome = await runWorker(this.script, job, { timeoutMs, heapMb });
    if ('parsed' in outcome) return outcome.parsed;
    if ('refused' in outcome) throw new UnreadableSpreadsheetError(outcome.refused);
    const about = { fileType, bytes: content.length };
    if (outcome.stopped === 'memory') {
      this.logger.warn({ ...about, heapMb }, 'schedule file parse ran out of memory');
      throw UnreadableSpreadsheetError.tooLarge(
        `Reading the file needs more than ${heapMb} MB of memory (SCHEDULE_PARSE_MAX_HEAP_MB)`,
      );
    }
    if (outcome.stopped === 'time') {
      this.logger.warn({ ...about, timeoutMs }, 'schedule file parse timed out');
      throw UnreadableSpreadsheetError.tooLarge(
        `Reading the file took longer than ${timeoutMs} ms (SCHEDULE_PARSE_TIMEOUT_MS)`,
      );
    }
    // the parser's own words stay in the log: they may describe this service's internals
    this.logger.error({ ...about, reason: outcome.reason }, 'schedule file parse failed');
    throw UnreadableSpreadsheetError.unreadable(`The file could not be read as .${fileType}`);
  }
}

export type WorkerOutcome =
  | { parsed: ParsedSpreadsheet }
  | { refused: ImportMessage }
  | { stopped: 'memory' }
  | { stopped: 'time' }
  | { stopped: 'failed'; reason: string };

/**
 * Runs `script` in a worker thread of `heapMb` MB of heap with `job` as its data, and tells what
 * it posted, or why it stopped without: out of memory, out of time (it is then terminated), or
 * failed.
 */
export function runWorker(
  script: string | URL,
  job: ParseJob,
  { timeoutMs, heapMb }: { timeoutMs: number; heapMb: number },
): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(script, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let settled = false;
    const settle = (outcome: WorkerOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
      void worker.terminate();
    };
    const deadline = setTimeout(() => settle({ stopped: 'time' }), timeoutMs);
    worker.once('message', (outcome: ParseOutcome) =>
      settle('failed' in outcome ? { stopped: 'failed', reason: outcome.failed } : outcome),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { stopped: 'memory' }
          : { stopped: 'failed', reason: `${error.name}: ${error.message}` },
      ),
    );
    worker.once('exit', (code) =>
      settle({ stopped: 'failed', reason: `the parser's thread exited (code ${code})` }),
    );
  });
}

/** At most `size` tasks at once; the others wait their turn, in order. */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // hand the slot to the next task, or give it back
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/**
 * The worker's compiled script: beside this module once built (dist/), or, when this module runs
 * from its TypeScript source (the tests), the build of it under dist/.
 */
function workerScript(): string {
  const name = 'shift-spreadsheet.worker.js';
  const beside = join(__dirname, name);
  if (existsSync(beside)) return beside;
  let root = __dirname;
  while (!existsSync(join(root, 'nx.json')) && dirname(root) !== root) root = dirname(root);
  const built = join(root, 'dist', relative(root, __dirname), name);
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  return built;
}
