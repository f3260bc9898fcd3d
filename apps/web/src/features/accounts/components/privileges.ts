import type { Privilege } from '@medicalink/sdk';

export const PRIVILEGE_LABELS: Record<Privilege, string> = {
  owner: 'Owner (a member: their own data)',
  admin: 'Admin (staff)',
  main: 'Main (staff, every account)',
};

const RANK: Record<Privilege, number> = { owner: 0, admin: 1, main: 2 };

/** The privileges `granter` may give: never above their own (the API's rule). */
export function grantable(granter: Privilege): Privilege[] {
  return (Object.keys(RANK) as Privilege[]).filter((p) => RANK[p] <= RANK[granter]);
}

/** Whether `editor` may change the staff fields of an account of `target`'s privilege. */
export function mayManage(editor: Privilege, target: Privilege): boolean {
  return editor === 'main' || (editor === 'admin' && target !== 'main');
}

/** The rank rule as the privilege field explains it to `editor`. */
export function rankRule(editor: Privilege): string {
  const allowed = grantable(editor).join(', ');
  return `You may give ${allowed}: never above your own (${editor}). A change ends the account's sign-ins.`;
}
