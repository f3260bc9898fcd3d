import { z } from 'zod';
import { defineEvent } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';
import { AuditOutcome, RegistrationStatus } from './education-registration.rpc';

/** Every transition of an education registration, as written to its audit trail. */
export const educationRegistrationTransitioned = defineEvent(
  'education.registration.transitioned',
  z.object({
    sessionId: Uuid,
    userBusinessId: z.string(),
    action: z.string(),
    from: RegistrationStatus.nullable(),
    to: RegistrationStatus,
    outcome: AuditOutcome,
    by: Uuid,
    /** the account that owns the registration (the one that staged it); `by` may be staff */
    owner: Uuid.optional(),
    at: Timestamp,
  }),
);

const StepReport = z.object({
  sessionId: Uuid,
  /** the account that owns the registration (the one that staged it) */
  owner: Uuid,
  /** the step's action: validate, category (categoryWithoutValidation), linkAccount, create, complete */
  step: z.string(),
  status: RegistrationStatus,
  occurredAt: Timestamp,
});

/** A registration step (validate, category, link-account, create, complete) succeeded. */
export const educationRegistrationStepDone = defineEvent(
  'education.registration.step.done',
  StepReport,
);

/** A registration step failed; `error` says why, as the step's reply did. */
export const educationRegistrationStepFailed = defineEvent(
  'education.registration.step.failed',
  StepReport.extend({ error: z.string() }),
);
