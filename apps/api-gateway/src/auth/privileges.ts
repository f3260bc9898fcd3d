import type { Privilege } from '@medicalink/contracts';

/** owner < admin < main: each privilege may do what those below it may. */
const RANK: Readonly<Record<Privilege, number>> = { owner: 0, admin: 1, main: 2 };

/** True when `privilege` is `other` or above it. */
export function isAtLeast(privilege: Privilege, other: Privilege): boolean {
  return RANK[privilege] >= RANK[other];
}
