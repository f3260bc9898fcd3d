import { z } from 'zod';
import { defineEvent } from '../common/define';
import { DateOnly, Timestamp, Uuid } from '../common/fields';
import { Privilege } from './account.rpc';

export const staffAccountCreated = defineEvent(
  'staff.account.created',
  z.object({
    accountId: Uuid,
    email: z.string(),
    fullName: z.string(),
    privilege: Privilege,
    organizationId: Uuid.nullable(),
    occurredAt: Timestamp,
  }),
);

export const staffAccountUpdated = defineEvent(
  'staff.account.updated',
  z.object({
    accountId: Uuid,
    email: z.string(),
    fullName: z.string(),
    dob: DateOnly.nullable(),
    phone: z.string().nullable(),
    membershipExpiresAt: Timestamp.nullable(),
    isActive: z.boolean(),
    /** names of the fields this update changed */
    changed: z.array(z.string()),
    occurredAt: Timestamp,
  }),
);

export const staffAccountDeleted = defineEvent(
  'staff.account.deleted',
  z.object({ accountId: Uuid, occurredAt: Timestamp }),
);
