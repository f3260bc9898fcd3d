import { z } from 'zod';
import {
  CategoryDetermination,
  EducationData,
  RegistrationStatus,
  EducationValidationResult,
} from '@medicalink/contracts';
import { defineSessionWorkflow, type SessionRecord } from '@medicalink/session';

/** What a registration session keeps between its steps. */
export const RegistrationDraft = z.object({
  userBusinessId: z.string(),
  educationData: EducationData,
  options: z.object({ expirationHours: z.number(), skipValidation: z.boolean() }),
  validation: EducationValidationResult.nullable(),
  category: CategoryDetermination.nullable(),
  linkedAccountId: z.string().nullable(),
  createdEducationId: z.string().nullable(),
  errorMessage: z.string().nullable(),
  completedAt: z.string().nullable(),
  /**
   * sha256 of the stage (or run) request of an idempotent stage: a repeat of its key must send
   * the same. Absent on sessions staged without a key (or before this field existed).
   */
  requestHash: z.string().optional(),
});
export type RegistrationDraft = z.infer<typeof RegistrationDraft>;

/**
 * The education registration (seed 000) as data: each action and the statuses it may start
 * from. A step from any other status is refused with 409 naming the current and allowed ones.
 */
export const registrationWorkflow = defineSessionWorkflow({
  name: 'education-registration',
  states: RegistrationStatus.options,
  initial: 'pending',
  data: RegistrationDraft,
  transitions: {
    stage: { from: ['pending'], to: 'staged' },
    validate: { from: ['staged'], to: 'validated' },
    /** a validation with critical failures: recorded, the session stays staged */
    validationFailed: { from: ['staged'] },
    category: { from: ['validated'], to: 'category_determined' },
    /** with skipValidation (admin, main): the category may follow staging directly */
    categoryWithoutValidation: { from: ['staged', 'validated'], to: 'category_determined' },
    linkAccount: { from: ['category_determined'], to: 'account_linked' },
    create: { from: ['account_linked', 'creation_failed'], to: 'education_created' },
    createFailed: { from: ['account_linked', 'creation_failed'], to: 'creation_failed' },
    complete: { from: ['education_created'], to: 'workflow_completed' },
  },
});

export type RegistrationAction = keyof typeof registrationWorkflow.transitions;
export type Registration = SessionRecord<RegistrationStatus, RegistrationDraft>;
