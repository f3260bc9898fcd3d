import type { AccessClaims } from './claims';
import { readClaims } from './claims';

/** Why the console is signed out: shown on the sign-in page. */
export type SignOutReason = 'signed-out' | 'expired';

export type AuthSnapshot =
  | { status: 'signed-in'; token: string; claims: AccessClaims }
  | { status: 'signed-out'; reason: SignOutReason | null };

type Listener = () => void;

/**
 * The access token, in memory only: never in localStorage or sessionStorage, so a script
 * injected into the page later, or the next person at a shared computer, finds nothing. A
 * reload signs out (renewal without the password is renewal.ts's job).
 */
class SessionStore {
  private snapshot: AuthSnapshot = { status: 'signed-out', reason: null };
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
    this.set({ status: 'signed-in', token, claims });
    return true;
  }

  signOut(reason: SignOutReason): void {
    if (this.snapshot.status === 'signed-out' && this.snapshot.reason === reason) return;
    this.set({ status: 'signed-out', reason });
  }

  private set(snapshot: AuthSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }
}

export const sessionStore = new SessionStore();
