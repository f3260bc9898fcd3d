import { z } from 'zod';
import { Privilege } from '../accounts/account.rpc';
import {
  BusinessId,
  DateOnly,
  Email,
  FullName,
  Password,
  Phone,
  Timestamp,
  Uuid,
} from '../common/fields';

/** POST /accounts */
export const CreateAccountBody = z
  .object({
    email: Email,
    password: Password,
    fullName: FullName,
    dob: DateOnly.optional(),
    phone: Phone.optional(),
    privilege: Privilege.default('owner'),
    businessId: BusinessId.optional(),
    membershipExpiresAt: Timestamp.optional(),
  })
  .strict();
export type CreateAccountBody = z.infer<typeof CreateAccountBody>;

/** PATCH /accounts/:id; `null` clears an optional field. */
export const UpdateAccountBody = z
  .object({
    fullName: FullName.optional(),
    dob: DateOnly.nullable().optional(),
    phone: Phone.nullable().optional(),
    /** admin and main only: it decides an education registration's category */
    membershipExpiresAt: Timestamp.nullable().optional(),
    /** admin and main only; ends the account's tokens */
    isActive: z.boolean().optional(),
    /** admin and main only, never above their own; ends the account's tokens */
    privilege: Privilege.optional(),
    /** admin and main only */
    businessId: BusinessId.nullable().optional(),
  })
  .strict()
  .refine((fields) => Object.values(fields).some((value) => value !== undefined), {
    message: 'at least one field to update is required',
    // only when the body is otherwise valid: an unknown field is reported on its own
    when: (payload) => payload.issues.length === 0,
  });
export type UpdateAccountBody = z.infer<typeof UpdateAccountBody>;

export const AccountIdParams = z.object({ id: Uuid });
export type AccountIdParams = z.infer<typeof AccountIdParams>;

/** The optional `Idempotency-Key` request header (Fastify lower-cases header names). */
export const IdempotencyKeyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .optional(),
});
export type IdempotencyKeyHeaders = z.infer<typeof IdempotencyKeyHeaders>;
