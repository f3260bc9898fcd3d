/** The permissions an account can hold; seeded by the accounts service. */
export const PERMISSION_CATALOG = {
  'doctor:read': 'Read doctor profiles',
  'doctor:write': 'Create and change doctor profiles',
  'schedule:read': 'Read schedules',
  'schedule:write': 'Import and change schedules',
  'product:write': 'Create and change products',
  'education:write': 'Register education records',
  'account:read': 'Read staff accounts',
  'account:write': 'Create and change staff accounts',
} as const;
export type Permission = keyof typeof PERMISSION_CATALOG;

/** What a doctor account gets on creation (the doctor role), before requested extras. */
export const DOCTOR_ROLE_PERMISSIONS: readonly Permission[] = ['doctor:read', 'schedule:read'];
