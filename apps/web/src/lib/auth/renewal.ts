import { sessionStore } from './session-store';

/**
 * A new access token without the password, or null when there is no way to get one. This is
 * the one place renewal plugs in: a refresh-token exchange (an HttpOnly cookie sent to the
 * gateway's refresh route) replaces this function, and everything else (renewing ahead of
 * expiry, once on a 401, signing out when it fails) already goes through it.
 */
export type RenewAccessToken = () => Promise<string | null>;

/** The gateway offers no refresh route yet: an expired token means signing in again. */
export const renewAccessToken: RenewAccessToken = async () => null;

let pending: Promise<string | null> | undefined;

/**
 * Renews the token `rejected` once, however many requests ask at the same time: they all get
 * the one new token (or null, and the console is signed out).
 */
export function renewOnce(rejected: string, renew: RenewAccessToken = renewAccessToken) {
  // Another request already renewed it: use that token instead of renewing twice.
  const current = sessionStore.token;
  if (current && current !== rejected) return Promise.resolve(current);
  pending ??= renew()
    .catch(() => null)
    .then((token) => {
      if (token && sessionStore.signIn(token)) return token;
      sessionStore.signOut('expired');
      return null;
    })
    .finally(() => {
      pending = undefined;
    });
  return pending;
}

/** How long before expiry a token is renewed. */
export const RENEW_AHEAD_MS = 60_000;

/**
 * Keeps the session's token fresh: asks for a new one RENEW_AHEAD_MS before it expires, each
 * time a token is set. When none comes, nothing changes yet: the token works until it expires,
 * and the 401 after that goes through renewOnce (one more try, then sign-out).
 * Returns the function that stops it.
 */
export function keepTokenFresh(renew: RenewAccessToken = renewAccessToken): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const plan = () => {
    clearTimeout(timer);
    const snapshot = sessionStore.getSnapshot();
    if (snapshot.status !== 'signed-in') return;
    const { token, claims } = snapshot;
    const wait = Math.max(0, claims.expiresAt - RENEW_AHEAD_MS - Date.now());
    timer = setTimeout(() => {
      void renew()
        .catch(() => null)
        .then((fresh) => {
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
