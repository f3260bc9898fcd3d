import type { OperationContext, StepResult } from '../operation-context.js';
import { stepFailure } from '../operation-context.js';
import type {
  EducationRegistrationInput,
  EducationSession,
  EducationStepName,
  EducationStepResults,
  StagedRegistration,
} from '../types.js';

const STEPS: readonly EducationStepName[] = [
  'validate',
  'category',
  'link-account',
  'create',
  'complete',
];
export type EducationStep = 'stage' | EducationStepName;

export interface EducationRegistration {
  sessionId: string;
  /** each step's reply, as far as the registration got */
  steps: Partial<{ stage: StagedRegistration } & EducationStepResults>;
  /** GET /education/registrations/:id after the last step */
  registration: EducationSession;
}

/**
 * The education registration step by step: stage, validate, determine the category, link the
 * account, create the record, complete. Stops at the first failing step (an error reply, or a
 * validation that says `isValid: false`) and returns that step's result in `details`.
 */
export async function registerEducation(
  ctx: OperationContext,
  input: EducationRegistrationInput,
): Promise<StepResult<EducationRegistration>> {
  const { accountId, ...staging } = input;
  const steps: EducationRegistration['steps'] = {};
  const total = STEPS.length + 1;
  ctx.progress('stage', 0);
  const staged = await ctx.request<StagedRegistration>({
    method: 'POST',
    path: '/education/registrations',
    body: staging,
    idempotencyKey: ctx.idempotencyKey(),
  });
  if (!staged.success) return stepFailure('stage', staged, { steps });
  steps.stage = staged.data;
  const sessionId = staged.data.sessionId;
  const path = `/education/registrations/${encodeURIComponent(sessionId)}`;

  for (const [index, step] of STEPS.entries()) {
    ctx.progress(step, Math.round(((index + 1) / total) * 100), { sessionId });
    const reply = await ctx.request<EducationStepResults[typeof step]>({
      method: 'POST',
      path: `${path}/${step}`,
      ...(step === 'link-account' ? { body: { accountId } } : {}),
    });
    if (!reply.success) return stepFailure(step, reply, { sessionId, steps });
    Object.assign(steps, { [step]: reply.data });
    if (step === 'validate' && !(reply.data as EducationStepResults['validate']).isValid) {
      return stepFailure(
        step,
        {
          success: false,
          code: 'STEP_FAILED',
          error: 'the education data did not pass validation',
          status: reply.status,
          details: { stepResult: reply.data },
        },
        { sessionId, steps },
      );
    }
  }
  const registration = await ctx.request<EducationSession>({ method: 'GET', path });
  if (!registration.success) return stepFailure('read', registration, { sessionId, steps });
  ctx.progress('done', 100, { sessionId });
  return { success: true, data: { sessionId, steps, registration: registration.data } };
}
