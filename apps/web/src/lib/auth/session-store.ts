import type { AccessClaims } from './claims';
import { readClaims } from './claims';

/** Why the console is signed out: shown on the sign-in page. */
export type SignOutReason = 'signed-out' | 'expired';

export type AuthSnapshot =
  | { status: 'signed-in'; token: string; claims: AccessClaims }
  | { status: 'signed-out'; reason: SignOutReason | null }
  /** the console just opened and is trying the refresh cookie */
  | { status: 'restoring' };

/**
 * Whether the last sign-in in this browser left a refresh cookie worth trying when the console
 * opens. Only this flag is stored, never a token (the cookie itself is HttpOnly, unreadable):
 * without it every fresh visit would send a refresh request bound to fail.
 */
const RESTORE_HINT = 'medicalink.console.signedIn';

type Listener = () => void;

/**
 * The access token, in memory only: never in localStorage or sessionStorage, so a script
 * injected into the page later, or the next person at a shared computer, finds nothing. After
 * a reload the refresh cookie (HttpOnly) brings a new one (renewal.ts).
 */
class SessionStore {
  private snapshot: AuthSnapshot = { status: 'restoring' };
  private readonly listeners = new Set<Listener>();

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AuthSnapshot => this.snapshot;

  get token(): string | undefined {
    return this.snapshot.status === 'signed-in' ? this.snapshot.token : undefined;
  }

  /** Keeps a token the gateway issued; false when it is not one the console can read. */
  signIn(token: string): boolean {
    const claims = readClaims(token);
    if (!claims) return false;
    hint(true);
    this.set({ status: 'signed-in', token, claims });
    return true;
  }

  signOut(reason: SignOutReason): void {
    hint(false);
    if (this.snapshot.status === 'signed-out' && this.snapshot.reason === reason) return;
    this.set({ status: 'signed-out', reason });
  }

  /** The outcome of trying the refresh cookie when the console opened. */
  restored(token: string | null): void {
    if (this.snapshot.status !== 'restoring') return;
    if (token && this.signIn(token)) return;
    hint(false);
    this.set({ status: 'signed-out', reason: null });
  }

  mayRestore(): boolean {
    try {
      return localStorage.getItem(RESTORE_HINT) === '1';
    } catch {
      return false;
    }
  }

  private set(snapshot: AuthSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }
}

function hint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(RESTORE_HINT, '1');
    else localStorage.removeItem(RESTORE_HINT);
  } catch {
    // storage disabled: the console still works, a reload asks for the password
  }
}

export const sessionStore = new SessionStore();
