import type { EducationSession, EducationStatus, EducationStepName } from '@medicalink/sdk';
import type { Tone } from '../../../lib/theme';

/** The steps after staging, in order, with the status each needs and the status it leads to. */
export const STEPS: readonly {
  step: EducationStepName;
  label: string;
  from: EducationStatus;
  to: EducationStatus;
}[] = [
  { step: 'validate', label: 'Validate', from: 'staged', to: 'validated' },
  { step: 'category', label: 'Determine category', from: 'validated', to: 'category_determined' },
  {
    step: 'link-account',
    label: 'Link account',
    from: 'category_determined',
    to: 'account_linked',
  },
  { step: 'create', label: 'Create record', from: 'account_linked', to: 'education_created' },
  { step: 'complete', label: 'Complete', from: 'education_created', to: 'workflow_completed' },
];

/**
 * The steps the registration can take now: the one after its status, and the category
 * straight from staging when it was staged to skip validation.
 */
export function availableSteps(session: EducationSession): EducationStepName[] {
  const next = STEPS.filter((entry) => entry.from === session.status).map((entry) => entry.step);
  if (session.status === 'staged' && session.options.skipValidation) next.push('category');
  return next;
}

/** The steps still to take, in order, to complete the registration from where it stands. */
export function remainingSteps(session: EducationSession): EducationStepName[] {
  const first = STEPS.findIndex((entry) => entry.from === session.status);
  if (first < 0) return [];
  return STEPS.slice(first)
    .map((entry) => entry.step)
    .filter((step) => !(step === 'validate' && session.options.skipValidation));
}

/** Whether the step is done on this registration. */
export function stepDone(session: EducationSession, step: EducationStepName): boolean {
  const { progress } = session;
  return {
    validate: progress.validated,
    category: progress.categoryDetermined,
    'link-account': progress.accountLinked,
    create: progress.persisted,
    complete: progress.completed,
  }[step];
}

export const STATUS_LABELS: Record<EducationStatus, string> = {
  pending: 'Pending',
  staged: 'Staged',
  validated: 'Validated',
  category_determined: 'Category determined',
  account_linked: 'Account linked',
  education_created: 'Record created',
  workflow_completed: 'Completed',
  creation_failed: 'Failed',
};

export const STATUS_TONES: Record<EducationStatus, Tone> = {
  pending: 'neutral',
  staged: 'neutral',
  validated: 'info',
  category_determined: 'info',
  account_linked: 'info',
  education_created: 'info',
  workflow_completed: 'success',
  creation_failed: 'error',
};

export const CATEGORY_LABELS = {
  student: 'Student',
  new_graduated: 'New graduate',
  graduated: 'Graduate',
} as const;

export const DEGREE_LABELS = {
  diploma: 'Diploma',
  bachelors: "Bachelor's",
  masters: "Master's",
  doctorate: 'Doctorate',
  other: 'Other',
} as const;

export const ACCESS_LABELS = {
  private: 'Private',
  protected: 'Protected',
  public: 'Public',
} as const;

export const PRIORITY_LABELS = { normal: 'Normal', high: 'High' } as const;
