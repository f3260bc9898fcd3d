import type { OperationContext, StepResult } from '../operation-context.js';
import { stepFailure } from '../operation-context.js';
import type { CreateDoctorInput, CreateDoctorResponse, Doctor } from '../types.js';

export interface OnboardedDoctor extends CreateDoctorResponse {
  /** the doctor as the composite read shows it */
  doctor: Doctor;
}

/**
 * Runs the doctor-creation saga (POST /doctors under one Idempotency-Key, so a retry after a
 * lost reply joins the same saga), then polls GET /doctors/:id until the composite read shows
 * the doctor, emitting a progress event per step.
 */
export async function onboardDoctor(
  ctx: OperationContext,
  input: CreateDoctorInput,
): Promise<StepResult<OnboardedDoctor>> {
  ctx.progress('createDoctor', 0);
  const created = await ctx.request<CreateDoctorResponse>({
    method: 'POST',
    path: '/doctors',
    body: input,
    idempotencyKey: ctx.idempotencyKey(),
  });
  if (!created.success) return stepFailure('createDoctor', created);
  ctx.progress('awaitComposite', 50, { ...created.data });
  for (;;) {
    const read = await ctx.request<{ data: Doctor }>({
      method: 'GET',
      path: `/doctors/${encodeURIComponent(created.data.doctorId)}`,
    });
    if (read.success) {
      ctx.progress('done', 100);
      return {
        success: true,
        data: { ...created.data, doctor: read.data.data },
        details: { steps: ['createDoctor', 'awaitComposite'] },
      };
    }
    if (read.status !== 404) return stepFailure('awaitComposite', read, { ...created.data });
    const stopped = await ctx.wait(ctx.pollInterval);
    if (stopped) return stepFailure('awaitComposite', stopped, { ...created.data });
  }
}
