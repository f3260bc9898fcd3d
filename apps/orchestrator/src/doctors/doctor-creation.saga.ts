import {
  accountRpc,
  doctorRpc,
  DOCTOR_ROLE_PERMISSIONS,
  permissionsRpc,
  type CreateDoctorCommand,
} from '@medicalink/contracts';
import type { RpcClient } from '@medicalink/messaging';
import type { SagaDefinition, StepContext } from '@medicalink/saga';

/**
 * The command plus ids chosen before the first step, so every compensation
 * knows what to delete even when its step timed out and never replied.
 */
export interface DoctorCreationInput extends CreateDoctorCommand {
  accountId: string;
  doctorId: string;
  /** the command's idempotencyRequestHash (no password): what a repeat of its key must send */
  requestHash?: string;
}

export const DOCTOR_CREATION = { type: 'doctor-creation', version: 1 } as const;

/** createAccount -> createProfile -> assignPermissions, each compensated in reverse. */
export function doctorCreationSaga(
  rpc: RpcClient,
  stepTimeoutMs: number,
): SagaDefinition<DoctorCreationInput> {
  // The engine retries steps itself; the client must not retry underneath it.
  const call = (ctx: StepContext<DoctorCreationInput>) => ({
    idempotencyKey: ctx.idempotencyKey,
    timeoutMs: ctx.timeoutMs,
    retries: 0,
  });
  const permissionsOf = (input: DoctorCreationInput) => [
    ...new Set([...DOCTOR_ROLE_PERMISSIONS, ...(input.permissions ?? [])]),
  ];
  return {
    ...DOCTOR_CREATION,
    businessKey: (input) => input.email.toLowerCase(),
    // Sealed in the journal, and gone from it when the saga ends, whichever way it ends.
    sensitiveInput: ['password'],
    steps: [
      {
        name: 'createAccount',
        timeoutMs: stepTimeoutMs,
        // The password is needed only until the account exists; the journal keeps it no longer.
        scrubInputAfter: ['password'],
        invoke: (ctx) =>
          rpc.call(
            accountRpc.create,
            {
              id: ctx.input.accountId,
              email: ctx.input.email,
              password: ctx.input.password,
              fullName: ctx.input.fullName,
              ...(ctx.input.dob ? { dob: ctx.input.dob } : {}),
              ...(ctx.input.phone ? { phone: ctx.input.phone } : {}),
              privilege: 'owner',
            },
            call(ctx),
          ),
        compensate: async (ctx) => {
          await rpc.call(accountRpc.delete, { id: ctx.input.accountId }, call(ctx));
        },
      },
      {
        name: 'createProfile',
        timeoutMs: stepTimeoutMs,
        invoke: (ctx) =>
          rpc.call(
            doctorRpc.create,
            {
              id: ctx.input.doctorId,
              accountId: ctx.input.accountId,
              displayName: ctx.input.fullName,
              specialty: ctx.input.specialty,
              licenseNumber: ctx.input.licenseNumber,
              ...(ctx.input.bio ? { bio: ctx.input.bio } : {}),
              hospitalIds: ctx.input.hospitalIds ?? [],
            },
            call(ctx),
          ),
        compensate: async (ctx) => {
          await rpc.call(doctorRpc.delete, { id: ctx.input.doctorId }, call(ctx));
        },
      },
      {
        name: 'assignPermissions',
        timeoutMs: stepTimeoutMs,
        invoke: (ctx) =>
          rpc.call(
            permissionsRpc.assign,
            { accountId: ctx.input.accountId, permissions: permissionsOf(ctx.input) },
            call(ctx),
          ),
        compensate: async (ctx) => {
          await rpc.call(
            permissionsRpc.revoke,
            { accountId: ctx.input.accountId, permissions: permissionsOf(ctx.input) },
            call(ctx),
          );
        },
      },
    ],
  };
}
