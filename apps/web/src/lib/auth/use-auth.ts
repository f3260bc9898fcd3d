import { useSyncExternalStore } from 'react';
import { sessionStore, type AuthSnapshot } from './session-store';

/** The console's sign-in state; re-renders on sign-in, renewal and sign-out. */
export function useAuth(): AuthSnapshot {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getSnapshot);
}
