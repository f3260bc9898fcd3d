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

/** The stream's name of each step (the `step` of education.registration.step.done). */
const STREAM_STEP: Record<string, EducationStepName> = {
  validate: 'validate',
  category: 'category',
  categoryWithoutValidation: 'category',
  linkAccount: 'link-account',
  create: 'create',
  complete: 'complete',
};
/** How long, in polls, the end waits for the stream to report the steps it has not reported yet. */
const STREAM_LAG_POLLS = 4;

/**
 * The education registration step by step: stage, validate, determine the category, link the
 * account, create the record, complete. Stops at the first failing step (an error reply, or a
 * validation that says `isValid: false`) and returns that step's result in `details`.
 * Each step's progress event comes from the live event stream (the step as the server recorded
 * it) when the stream is open, else as the step is sent; either way every step is reported
 * once, in order, before `done`, and the final state is one read of the registration.
 */
export async function registerEducation(
  ctx: OperationContext,
  input: EducationRegistrationInput,
): Promise<StepResult<EducationRegistration>> {
  const feed = ctx.liveFeed(['education.registration.step.']);
  await feed.opened();
  const { accountId, ...staging } = input;
  const steps: EducationRegistration['steps'] = {};
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
  const progress = new StepProgress(ctx, sessionId);
  feed.follow(sessionId, (event) => {
    const step = STREAM_STEP[String(event.data['step'])];
    return event.type === 'education.registration.step.done' && step !== undefined
      ? progress.reach(step, 'stream')
      : false;
  });

  for (const step of STEPS) {
    if (!feed.live) progress.reach(step, 'request');
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
  const lagUntil = Date.now() + ctx.pollInterval * STREAM_LAG_POLLS;
  while (feed.live && !progress.reported('complete') && Date.now() < lagUntil) {
    await feed.next(lagUntil - Date.now());
  }
  progress.reach('complete', 'reply');
  const registration = await ctx.request<EducationSession>({ method: 'GET', path });
  if (!registration.success) return stepFailure('read', registration, { sessionId, steps });
  ctx.progress('done', 100, { sessionId });
  return { success: true, data: { sessionId, steps, registration: registration.data } };
}

/** Reports each step once and in order (a later step first reports the earlier ones). */
class StepProgress {
  private next = 0;

  constructor(
    private readonly ctx: OperationContext,
    private readonly sessionId: string,
  ) {}

  reported(step: EducationStepName): boolean {
    return STEPS.indexOf(step) < this.next;
  }

  /** true when this reported something new */
  reach(step: EducationStepName, source: 'stream' | 'request' | 'reply'): boolean {
    const index = STEPS.indexOf(step);
    if (index < this.next) return false;
    const total = STEPS.length + 1;
    for (; this.next <= index; this.next += 1) {
      this.ctx.progress(STEPS[this.next]!, Math.round(((this.next + 1) / total) * 100), {
        sessionId: this.sessionId,
        source,
      });
    }
    return true;
  }
}
