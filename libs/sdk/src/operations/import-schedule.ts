import type { OperationContext, StepResult } from '../operation-context.js';
import { stepFailure } from '../operation-context.js';
import type { ImportMessage, ImportScheduleInput, ImportStatus, ScheduleImport } from '../types.js';

export interface ImportedSchedule {
  importId: string;
  status: ImportStatus;
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
  const accepted = await ctx.request<{ importId: string; status: ImportStatus }>({
    method: 'POST',
    path: '/schedules/imports',
    form,
    idempotencyKey: ctx.idempotencyKey(),
  });
  if (!accepted.success) return stepFailure('upload', accepted);
  const { importId } = accepted.data;
  const path = `/schedules/imports/${encodeURIComponent(importId)}`;
  for (;;) {
    const read = await ctx.request<ScheduleImport>({ method: 'GET', path });
    if (!read.success) return stepFailure('status', read, { importId });
    const current = read.data;
    const running = current.phases.find((phase) => phase.state === 'running');
    ctx.progress(
      running ? `${current.status}:${running.name}` : current.status,
      percentageOf(current),
      {
        importId,
        status: current.status,
      },
    );
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
    const stopped = await ctx.wait(ctx.pollInterval);
    if (stopped) return stepFailure('status', stopped, { importId });
  }
}

/** The share of the import's phases that are over (succeeded, failed or skipped). */
function percentageOf(current: ScheduleImport): number {
  if (current.status === 'completed' || current.status === 'failed') return 100;
  const over = current.phases.filter((phase) => !['pending', 'running'].includes(phase.state));
  return current.phases.length === 0 ? 0 : Math.round((over.length / current.phases.length) * 100);
}
