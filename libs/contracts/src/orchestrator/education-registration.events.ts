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
    at: Timestamp,
  }),
);
