import type { OperationContext, StepResult } from '../operation-context.js';
import { stepFailure } from '../operation-context.js';
import type { LiveFeed } from '../live-feed.js';
import type { Failure } from '../operation-result.js';
import type {
  ImportMessage,
  ImportScheduleInput,
  ImportStatus,
  ScheduleImport,
  ScheduleImportPhase,
} from '../types.js';

const PHASES: readonly ScheduleImportPhase['name'][] = ['spreadsheet', 'roster', 'coverage'];

export interface ImportedSchedule {
  importId: string;
  status: ImportStatus;
  warnings: ImportMessage[];
  /** the import as GET /schedules/imports/:id last showed it */
  import: ScheduleImport;
}

/** While the stream holds, the import is still read this often, in case an event is lost. */
const STREAM_CHECK_POLLS = 20;

/**
 * Uploads a spreadsheet (multipart POST /schedules/imports), then follows it until it is
 * `completed` (returning the warnings) or `failed` (returning its validation errors in
 * `details`). Progress comes from the live event stream, opened before the upload so no phase
 * is missed; the import is read once after the upload, again when its saga reports its end,
 * and now and then in between. Without the stream (refused, not served, broken) it polls,
 * emitting a progress event per poll.
 */
export async function importSchedule(
  ctx: OperationContext,
  input: ImportScheduleInput,
): Promise<StepResult<ImportedSchedule>> {
  const feed = ctx.liveFeed(['schedule.import.', 'saga.']);
  await feed.opened();
  const form = new FormData();
  form.append('hospitalId', input.hospitalId);
  if (input.rosterSourceUrl) form.append('rosterSourceUrl', input.rosterSourceUrl);
  form.append('file', input.file, input.fileName);
  ctx.progress('upload', 0, { fileName: input.fileName });
  const accepted = await ctx.request<{ importId: string; status: ImportStatus }>({
    method: 'POST',
    path: '/schedules/imports',
    form,
    idempotencyKey: ctx.idempotencyKey(),
  });
  if (!accepted.success) return stepFailure('upload', accepted);
  const { importId } = accepted.data;
  const phases = new PhaseTally();
  feed.follow(importId, (event) => {
    if (
      event.type === 'schedule.import.phase.started' ||
      event.type === 'schedule.import.phase.finished'
    ) {
      const { phase, outcome } = event.data as { phase: string; outcome?: string };
      const step = outcome ? `${phase}:${outcome}` : `in_progress:${phase}`;
      ctx.progress(step, phases.record(phase, outcome), {
        importId,
        source: 'stream',
        ...(outcome ? { counts: event.data['counts'] } : {}),
      });
    }
    return SAGA_ENDS.has(event.type);
  });
  const path = `/schedules/imports/${encodeURIComponent(importId)}`;
  for (;;) {
    const read = await ctx.request<ScheduleImport>({ method: 'GET', path });
    if (!read.success) return stepFailure('status', read, { importId });
    const current = read.data;
    const over = current.status === 'completed' || current.status === 'failed';
    if (over && feed.live) reportUnseenPhases(ctx, current, phases, importId);
    if (over || !feed.live) progressOf(ctx, current, importId);
    if (current.status === 'completed') {
      return {
        success: true,
        data: {
          importId,
          status: current.status,
          warnings: current.validation.warnings,
          import: current,
        },
      };
    }
    if (current.status === 'failed') {
      const errors = current.validation.errors;
      return stepFailure(
        'import',
        {
          success: false,
          code: 'STEP_FAILED',
          error:
            errors.length > 0
              ? errors.map((entry) => entry.message).join('; ')
              : 'the import failed',
          status: read.status,
          details: { import: current, errors },
        },
        { importId },
      );
    }
    const stopped = feed.live ? await nextEvent(ctx, feed) : await ctx.wait(ctx.pollInterval);
    if (stopped) return stepFailure('status', stopped, { importId });
  }
}

async function nextEvent(ctx: OperationContext, feed: LiveFeed): Promise<Failure | undefined> {
  await feed.next(ctx.pollInterval * STREAM_CHECK_POLLS);
  return ctx.signal.aborted ? ctx.wait(0) : undefined;
}

/** The saga events after which the import's status is final (the saga's id is the import's). */
const SAGA_ENDS = new Set(['saga.completed', 'saga.compensated', 'saga.compensation_failed']);

function progressOf(ctx: OperationContext, current: ScheduleImport, importId: string): void {
  const running = current.phases.find((phase) => phase.state === 'running');
  ctx.progress(
    running ? `${current.status}:${running.name}` : current.status,
    percentageOf(current),
    { importId, status: current.status, source: 'poll' },
  );
}

/**
 * The read that ends the import can come before the stream has delivered its last phases (the
 * events travel through the outbox); the phases it shows over and the stream has not reported
 * are reported from that read, so every phase's end is reported once.
 */
function reportUnseenPhases(
  ctx: OperationContext,
  current: ScheduleImport,
  phases: PhaseTally,
  importId: string,
): void {
  for (const phase of current.phases) {
    if (phase.state === 'pending' || phase.state === 'running') continue;
    if (phases.isOver(phase.name)) continue;
    ctx.progress(`${phase.name}:${phase.state}`, phases.record(phase.name, phase.state), {
      importId,
      source: 'poll',
    });
  }
}

/** The share of phases over, as the stream (or the final read) reports them. */
class PhaseTally {
  private readonly over = new Set<string>();

  record(phase: string, outcome: string | undefined): number {
    if (outcome) this.over.add(phase);
    return Math.round((this.over.size / PHASES.length) * 100);
  }

  isOver(phase: string): boolean {
    return this.over.has(phase);
  }
}

/** The share of the import's phases that are over (succeeded, failed or skipped). */
function percentageOf(current: ScheduleImport): number {
  if (current.status === 'completed' || current.status === 'failed') return 100;
  const over = current.phases.filter((phase) => !['pending', 'running'].includes(phase.state));
  return current.phases.length === 0 ? 0 : Math.round((over.length / current.phases.length) * 100);
}
