import { afterEach, describe, expect, it, vi } from 'vitest';
import { authorizedFetch } from './authorized-fetch';
import { keepTokenFresh, RENEW_AHEAD_MS, renewalLead, restoreSession } from './renewal';
import { sessionStore } from './session-store';

/** An unsigned JWT with the claims the gateway issues. */
function token(sub: string, expiresInMs = 900_000, privilege = 'admin'): string {
  const b64 = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const exp = Math.floor((Date.now() + expiresInMs) / 1_000);
  return `${b64({ alg: 'HS256' })}.${b64({ sub, email: `${sub}@x.test`, privilege, exp })}.sig`;
}

const ok = () => new Response('{}', { status: 200 });
const unauthorized = () =>
  new Response('{"statusCode":401,"message":"Token expired"}', { status: 401 });
const sentToken = (init: RequestInit | undefined) =>
  (init?.headers as Record<string, string> | undefined)?.['authorization'];

describe('authorizedFetch', () => {
  afterEach(() => {
    sessionStore.signOut('signed-out');
    vi.useRealTimers();
  });

  it('sends the in-memory token with every request', async () => {
    const first = token('a');
    sessionStore.signIn(first);
    const base = vi.fn(async (_input: string, _init: RequestInit) => ok());
    await authorizedFetch(base)('http://g/doctors', {
      method: 'GET',
      headers: { accept: 'application/json' },
    });
    expect(sentToken(base.mock.calls[0]![1])).toBe(`Bearer ${first}`);
  });

  it('renews once on a 401 and sends the request again; concurrent 401s share the renewal', async () => {
    const stale = token('a');
    const fresh = token('a', 1_800_000);
    sessionStore.signIn(stale);
    const renew = vi.fn(async () => fresh);
    const base = vi.fn(async (_: string, init: RequestInit) =>
      sentToken(init) === `Bearer ${stale}` ? unauthorized() : ok(),
    );
    const fetch = authorizedFetch(base, renew);
    const replies = await Promise.all([fetch('http://g/a', {}), fetch('http://g/b', {})]);

    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(sessionStore.token).toBe(fresh);
  });

  it('signs out, saying the session ended, when the token cannot be renewed', async () => {
    sessionStore.signIn(token('a'));
    const fetch = authorizedFetch(
      async () => unauthorized(),
      async () => null,
    );
    expect((await fetch('http://g/a', {})).status).toBe(401);
    expect(sessionStore.getSnapshot()).toEqual({ status: 'signed-out', reason: 'expired' });
  });

  it('asks for a new token ahead of expiry, and keeps the current one when none comes', async () => {
    vi.useFakeTimers();
    const current = token('a', RENEW_AHEAD_MS + 5_000);
    sessionStore.signIn(current);
    const fresh = token('a', 900_000);
    const renew = vi.fn(async () => fresh);
    const stop = keepTokenFresh(renew);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(sessionStore.token).toBe(fresh);
    stop();

    const again = token('b', RENEW_AHEAD_MS + 1_000);
    sessionStore.signIn(again);
    const stopNone = keepTokenFresh(async () => null);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sessionStore.token).toBe(again);
    stopNone();
  });

  it('renews a short-lived token a third of its life ahead, not the moment it arrives', () => {
    const issuedAt = Date.now();
    expect(renewalLead({ issuedAt, expiresAt: issuedAt + 20_000 })).toBeCloseTo(6_667, 0);
    expect(renewalLead({ issuedAt, expiresAt: issuedAt + 900_000 })).toBe(RENEW_AHEAD_MS);
    expect(renewalLead({ expiresAt: issuedAt + 20_000 })).toBe(RENEW_AHEAD_MS);
  });

  it('refuses a token the console cannot read', () => {
    expect(sessionStore.signIn('not-a-jwt')).toBe(false);
    expect(sessionStore.getSnapshot().status).toBe('signed-out');
  });

  it('signs in again from the refresh cookie when the console opens after a sign-in, and only then', async () => {
    const renew = vi.fn(async () => token('a'));
    sessionStore.signOut('signed-out'); // no sign-in in this browser: nothing to restore
    await restoreSession(renew);
    expect(renew).not.toHaveBeenCalled();

    sessionStore.signIn(token('a'));
    expect(sessionStore.mayRestore()).toBe(true);
  });
});
