import type { Privilege } from '@medicalink/sdk';
import type { ReactNode } from 'react';
import { useAuth } from './auth';

const EVERYONE: readonly Privilege[] = ['owner', 'admin', 'main'];
const STAFF: readonly Privilege[] = ['admin', 'main'];

/**
 * What each privilege may open or do in the console: the same rules the gateway enforces
 * (it refuses anyway); the console uses them to offer only what will work.
 */
export const POLICIES = {
  'overview:view': EVERYONE,
  'products:view': STAFF,
  'products:create': STAFF,
  'doctors:view': EVERYONE,
  'doctors:create': STAFF,
  'doctors:deactivate': STAFF,
  'education:view': EVERYONE,
  'education:skip-validation': STAFF,
  'schedules:view': EVERYONE,
  'schedules:import': STAFF,
  'hospitals:create': STAFF,
  'sagas:view': STAFF,
  'dead-letters:view': STAFF,
  'accounts:view': STAFF,
} as const satisfies Record<string, readonly Privilege[]>;
export type Policy = keyof typeof POLICIES;

export function can(privilege: Privilege | undefined, policy: Policy): boolean {
  return privilege !== undefined && POLICIES[policy].includes(privilege);
}

/** The signed-in account's privilege check, for components. */
export function useCan(policy: Policy): boolean {
  const auth = useAuth();
  return auth.status === 'signed-in' && can(auth.claims.privilege, policy);
}

/** Its children when the account may, else `fallback` (nothing by default). */
export function Authorization(props: {
  policy: Policy;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  return useCan(props.policy) ? props.children : (props.fallback ?? null);
}
