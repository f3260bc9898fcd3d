import type { Permission } from './types/accounts.js';

/** What each permission lets an account do, in the accounts service's words (its catalog). */
export const PERMISSION_LABELS: Readonly<Record<Permission, string>> = {
  'doctor:read': 'Read doctor profiles',
  'doctor:write': 'Create and change doctor profiles',
  'schedule:read': 'Read schedules',
  'schedule:write': 'Import and change schedules',
  'product:write': 'Create and change products',
  'education:write': 'Register education records',
  'account:read': 'Read staff accounts',
  'account:write': 'Create and change staff accounts',
};
