import { z } from 'zod';
import { defineEvent } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';

const DoctorSnapshot = z.object({
  doctorId: Uuid,
  accountId: Uuid,
  displayName: z.string(),
  specialty: z.string(),
  licenseNumber: z.string(),
  isActive: z.boolean(),
  occurredAt: Timestamp,
});

export const doctorProfileCreated = defineEvent('doctor.profile.created', DoctorSnapshot);
export const doctorProfileUpdated = defineEvent(
  'doctor.profile.updated',
  DoctorSnapshot.extend({ changed: z.array(z.string()) }),
);
export const doctorProfileDeleted = defineEvent(
  'doctor.profile.deleted',
  z.object({ doctorId: Uuid, accountId: Uuid, occurredAt: Timestamp }),
);
