import type { OperationContext, StepResult } from '../operation-context.js';
import { stepFailure } from '../operation-context.js';
import type { ImportMessage, ImportScheduleInput, ScheduleImport } from '../types.js';

export interface ImportedSchedule {
  importId: string;
  status: string;
  warnings: ImportMessage[];
  /** the import as GET /schedules/imports/:id last showed it */
  import: ScheduleImport;
}

/**
 * Uploads a spreadsheet (multipart POST /schedules/imports), then polls its status, emitting
 * a progress event per poll, until it is `completed` (returning the warnings) or `failed`
 * (returning its validation errors in `details`).
 */
export async function importSchedule(
  ctx: OperationContext,
  input: ImportScheduleInput,
): Promise<StepResult<ImportedSchedule>> {
  const form = new FormData();
  form.append('hospitalId', input.hospitalId);
  if (input.rosterSourceUrl) form.append('rosterSourceUrl', input.rosterSourceUrl);
  form.append('file', input.file, input.fileName);
  ctx.progress('upload', 0, { fileName: input.fileName });
  const accepted = await ctx.request<{ importId: string; status: string }>({
    method: 'POST',
    path: '/schedules/imports',
    form,
  });
  if (!accepted.success) return stepFailure('upload', accepted);
  const { importId } = accepted.data;
  const path = `/schedules/imports/${encodeURIComponent(importId)}`;
  for (let poll = 1; ; poll += 1) {
    const read = await ctx.request<ScheduleImport>({ method: 'GET', path });
    if (!read.success) return stepFailure('status', read, { importId });
    const current = read.data;
    ctx.progress(String(current.status), percentageOf(current, poll), {
      importId,
      status: current.status,
      ...(current['phase'] !== undefined ? { phase: current['phase'] } : {}),
    });
    if (current.status === 'completed') {
      return {
        success: true,
        data: {
          importId,
          status: current.status,
          warnings: current.validation?.warnings ?? [],
          import: current,
        },
      };
    }
    if (current.status === 'failed') {
      const errors = current.validation?.errors ?? [];
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
    const stopped = await ctx.wait(ctx.pollInterval);
    if (stopped) return stepFailure('status', stopped, { importId });
  }
}

/** The import's own percentage when it reports one, else a rough one from the phases done. */
function percentageOf(current: ScheduleImport, poll: number): number | undefined {
  const own = current['progress'] ?? current['percentage'];
  if (typeof own === 'number') return Math.max(0, Math.min(100, own));
  if (Array.isArray(current.phases)) {
    const phases = current.phases as Array<{ status?: unknown; state?: unknown }>;
    const finished = phases.filter((phase) =>
      ['completed', 'succeeded', 'done', 'skipped', 'passed'].includes(
        String(phase.status ?? phase.state),
      ),
    ).length;
    if (phases.length > 0) return Math.round((finished / phases.length) * 100);
  }
  return poll === 0 ? 0 : undefined;
}
