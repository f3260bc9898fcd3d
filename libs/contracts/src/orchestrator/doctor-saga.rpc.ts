import { z } from 'zod';
import { PERMISSION_CATALOG, type Permission } from '../accounts/permission-catalog';
import { DateOnly, Email, FullName, Password, Phone, Timestamp, Uuid } from '../common/fields';
import { defineRpc } from '../common/define';
import { ErrorEnvelope } from '../common/error-envelope';
import { LicenseNumber, Specialty } from '../directory/doctor.rpc';

const permissionNames = Object.keys(PERMISSION_CATALOG) as [Permission, ...Permission[]];

export const CreateDoctorCommand = z
  .object({
    email: Email,
    password: Password,
    fullName: FullName,
    dob: DateOnly.optional(),
    phone: Phone.optional(),
    specialty: Specialty,
    licenseNumber: LicenseNumber,
    bio: z.string().trim().max(4_000).optional(),
    hospitalIds: z.array(Uuid).max(50).optional(),
    permissions: z.array(z.enum(permissionNames)).max(20).optional(),
  })
  .strict();
export type CreateDoctorCommand = z.infer<typeof CreateDoctorCommand>;

export const SagaStateName = z.enum([
  'running',
  'completed',
  'compensating',
  'compensated',
  'compensation_failed',
]);

export const SagaView = z.object({
  id: Uuid,
  type: z.string(),
  state: SagaStateName,
  steps: z.array(
    z.object({
      name: z.string(),
      state: z.string(),
      attempts: z.number().int(),
      startedAt: Timestamp.nullable(),
      finishedAt: Timestamp.nullable(),
      error: ErrorEnvelope.optional(),
    }),
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SagaView = z.infer<typeof SagaView>;

export const doctorSagaRpc = {
  create: defineRpc('orchestrator.doctor.create', {
    request: CreateDoctorCommand,
    response: z.object({ sagaId: Uuid, accountId: Uuid, doctorId: Uuid }),
  }),
};

export const sagaRpc = {
  get: defineRpc('orchestrator.saga.get', {
    request: z.object({ id: Uuid }).strict(),
    response: SagaView,
  }),
};
