import { z } from 'zod';
import {
  EducationData,
  EducationValidationResult,
  RegistrationCategory,
  RegistrationLastError,
  RegistrationPriority,
  RegistrationStatus,
  type RegistrationStep,
} from '@medicalink/contracts';
import { defineSessionWorkflow, type SessionRecord } from '@medicalink/session';

/**
 * What a registration session keeps between its steps. Fields added since the first version
 * have defaults, so a session written by the previous version still reads.
 */
export const RegistrationDraft = z.object({
  userBusinessId: z.string(),
  educationData: EducationData,
  options: z.object({
    expirationHours: z.number(),
    skipValidation: z.boolean(),
    priority: RegistrationPriority.default('normal'),
  }),
  validation: EducationValidationResult.nullable(),
  category: z
    .preprocess(
      // a category decided before decisions named their step came from the category step
      (value) =>
        value && typeof value === 'object' && !('decidedAtStep' in value)
          ? { ...value, decidedAtStep: 'category' }
          : value,
      RegistrationCategory,
    )
    .nullable(),
  linkedAccountId: z.string().nullable(),
  createdEducationId: z.string().nullable(),
  errorMessage: z.string().nullable(),
  lastError: RegistrationLastError.nullable().default(null),
  completedAt: z.string().nullable(),
  /**
   * sha256 of the stage (or run) request of an idempotent stage: a repeat of its key must send
   * the same. Absent on sessions staged without a key (or before this field existed).
   */
  requestHash: z.string().optional(),
});
export type RegistrationDraft = z.infer<typeof RegistrationDraft>;

const WORKING: RegistrationStatus[] = [
  'staged',
  'validated',
  'category_determined',
  'account_linked',
  'creation_failed',
];

/**
 * The education registration as data: each action and the statuses it may start from. A step
 * from any other status is refused with 409 naming the current and allowed ones. Any failed
 * step moves the session to creation_failed (the one failure status), recording what failed;
 * from there only the step that failed may run again (see resumableStep).
 */
export const registrationWorkflow = defineSessionWorkflow({
  name: 'education-registration',
  states: RegistrationStatus.options,
  initial: 'pending',
  data: RegistrationDraft,
  transitions: {
    stage: { from: ['pending'], to: 'staged' },
    validate: { from: ['staged', 'creation_failed'], to: 'validated' },
    category: { from: ['validated', 'creation_failed'], to: 'category_determined' },
    /** with skipValidation (admin, main): the category may follow staging directly */
    categoryWithoutValidation: {
      from: ['staged', 'validated', 'creation_failed'],
      to: 'category_determined',
    },
    linkAccount: { from: ['category_determined', 'creation_failed'], to: 'account_linked' },
    create: { from: ['account_linked', 'creation_failed'], to: 'education_created' },
    /** a step that failed (a validation with critical failures, or an error) */
    stepFailed: { from: WORKING, to: 'creation_failed' },
    complete: { from: ['education_created'], to: 'workflow_completed' },
  },
});

export type RegistrationAction = keyof typeof registrationWorkflow.transitions;
export type Registration = SessionRecord<RegistrationStatus, RegistrationDraft>;
export type StepAction = Exclude<RegistrationAction, 'stage' | 'stepFailed' | 'complete'>;

/** The step of `run` (and of the HTTP routes) each action belongs to. */
export const STEP_OF: Record<StepAction, RegistrationStep> = {
  validate: 'validate',
  category: 'category',
  categoryWithoutValidation: 'category',
  linkAccount: 'link-account',
  create: 'create',
};

/** The steps after staging, in order. */
export const WORK_STEPS: readonly RegistrationStep[] = [
  'validate',
  'category',
  'link-account',
  'create',
  'complete',
];

/**
 * The step a failed session may run again: the one that failed. A session that failed before
 * failures named their step failed at create (the only step that could fail then).
 */
export function resumableStep(session: Registration): RegistrationStep | null {
  if (session.state !== 'creation_failed') return null;
  return session.data.lastError?.step ?? 'create';
}

/** The steps a session in its status has behind it (a repeated `run` goes on after them). */
export function stepsBehind(session: Registration): readonly RegistrationStep[] {
  const next: Partial<Record<RegistrationStatus, RegistrationStep>> = {
    pending: 'validate',
    staged: 'validate',
    validated: 'category',
    category_determined: 'link-account',
    account_linked: 'create',
    education_created: 'complete',
  };
  if (session.state === 'workflow_completed') return WORK_STEPS;
  const from = resumableStep(session) ?? next[session.state] ?? 'validate';
  return WORK_STEPS.slice(0, WORK_STEPS.indexOf(from));
}
