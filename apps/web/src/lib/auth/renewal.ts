import { createMedicaLinkClient } from '@medicalink/sdk';
import { sessionStore } from './session-store';

/**
 * A new access token without the password, or null when there is none to be had. This is the
 * one place renewal happens: ahead of expiry, once on a 401, and when the console opens.
 */
export type RenewAccessToken = () => Promise<string | null>;

/**
 * The gateway's refresh route with the console's HttpOnly refresh cookie: a client of its own in
 * cookie mode holds no access token, so before its first call it exchanges the cookie (with the
 * console header the gateway requires) and the gateway rotates it. Nothing a script could read
 * is involved: the cookie never reaches JavaScript.
 */
export const renewAccessToken: RenewAccessToken = async () => {
  const client = createMedicaLinkClient({
    baseUrl: window.location.origin,
    refresh: 'cookie',
    retryAttempts: 0,
    timeout: 10_000,
  });
  try {
    const me = await client.me();
    return me.success ? (client.token ?? null) : null;
  } finally {
    client.dispose();
  }
};

let pending: Promise<string | null> | undefined;

/**
 * One renewal at a time, whoever asks: a refresh cookie is good for one exchange (a second
 * exchange of the same one would look like theft and end the sign-in).
 */
function renewShared(renew: RenewAccessToken): Promise<string | null> {
  pending ??= renew()
    .catch(() => null)
    .finally(() => {
      pending = undefined;
    });
  return pending;
}

/**
 * Renews after the gateway refused `rejected` (a 401): every request that saw it gets the one
 * new token, or null, and then the console is signed out (the sign-in page brings the person
 * back to where they were).
 */
export async function renewOnce(
  rejected: string,
  renew: RenewAccessToken = renewAccessToken,
): Promise<string | null> {
  const current = sessionStore.token;
  if (current && current !== rejected) return current;
  const token = await renewShared(renew);
  if (token && (sessionStore.token === token || sessionStore.signIn(token))) return token;
  sessionStore.signOut('expired');
  return null;
}

/** How long before expiry a token is renewed. */
export const RENEW_AHEAD_MS = 60_000;

/**
 * The renewal lead for a token: RENEW_AHEAD_MS, or a third of its lifetime when that is
 * shorter (a 20 s token renewed "60 s ahead" would be renewed again the moment it arrives).
 */
export function renewalLead(claims: { expiresAt: number; issuedAt?: number }): number {
  if (claims.issuedAt === undefined) return RENEW_AHEAD_MS;
  return Math.min(RENEW_AHEAD_MS, Math.max(0, claims.expiresAt - claims.issuedAt) / 3);
}

/**
 * Keeps the session's token fresh: renews it RENEW_AHEAD_MS before it expires, each time a
 * token is set. When none comes, nothing changes yet: the token works until it expires, and the
 * 401 after that goes through renewOnce. Returns the function that stops it.
 */
export function keepTokenFresh(renew: RenewAccessToken = renewAccessToken): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const plan = () => {
    clearTimeout(timer);
    const snapshot = sessionStore.getSnapshot();
    if (snapshot.status !== 'signed-in') return;
    const { token, claims } = snapshot;
    const wait = Math.max(0, claims.expiresAt - renewalLead(claims) - Date.now());
    timer = setTimeout(() => {
      void renewShared(renew).then((fresh) => {
        if (fresh && sessionStore.token === token) sessionStore.signIn(fresh);
      });
    }, wait);
  };
  plan();
  const unsubscribe = sessionStore.subscribe(plan);
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

/**
 * When the console opens (a reload, a new tab), signs in again from the refresh cookie if the
 * last sign-in in this browser left one; otherwise shows the sign-in page.
 */
export async function restoreSession(renew: RenewAccessToken = renewAccessToken): Promise<void> {
  if (!sessionStore.mayRestore()) {
    sessionStore.restored(null);
    return;
  }
  sessionStore.restored(await renewShared(renew));
}
