/**
 * The registrations started in this browser tab, newest first, per account: the gateway lists
 * records, not registrations in progress, so this is how a person finds theirs again. Only ids
 * and labels are kept (sessionStorage: gone with the tab).
 */
export interface RecentRegistration {
  sessionId: string;
  userBusinessId: string;
  startedAt: string;
}

const KEY = 'medicalink.education.recent';
const MAX = 20;

function read(accountId: string): RecentRegistration[] {
  try {
    const all = JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<
      string,
      RecentRegistration[]
    >;
    return Array.isArray(all[accountId]) ? all[accountId] : [];
  } catch {
    return [];
  }
}

export function recentRegistrations(accountId: string): RecentRegistration[] {
  return read(accountId);
}

export function rememberRegistration(accountId: string, entry: RecentRegistration): void {
  try {
    const all = JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<
      string,
      RecentRegistration[]
    >;
    const kept = read(accountId).filter((item) => item.sessionId !== entry.sessionId);
    all[accountId] = [entry, ...kept].slice(0, MAX);
    sessionStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // storage full or disabled: the registration is still reachable by its address
  }
}
