import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, gatewayError, json, type RecordedRequest } from '../test/fake-fetch.js';
import { createMedicaLinkClient } from './client.js';
import type { ClientEvent } from './events.js';
import type { SessionTokens, TokenStore } from './session-tokens.js';

const credentials = { email: 'admin@example.com', password: 'a long password' };

/**
 * A gateway that rotates refresh tokens: `rt-N` is exchanged once for `rt-N+1` and access
 * token `at-N+1`; presenting a used one is refused, as the real gateway does.
 */
function rotatingGateway(options: { accessLifetimeSec?: number; refuseRefresh?: number } = {}) {
  let generation = 0;
  const used = new Set<string>();
  const expired = new Set<string>();
  const lifetime = options.accessLifetimeSec ?? 900;
  const grant = (extra: Record<string, unknown> = {}) =>
    json(200, {
      accessToken: `at-${generation}`,
      tokenType: 'Bearer',
      expiresIn: lifetime,
      refreshTokenExpiresAt: '2099-01-01T00:00:00.000Z',
      ...extra,
    });
  const fetch = fakeFetch((request) => {
    if (request.path === '/auth/login') {
      generation += 1;
      const body = request.body as { refresh?: string };
      return grant(body.refresh === 'token' ? { refreshToken: `rt-${generation}` } : {});
    }
    if (request.path === '/auth/refresh') {
      if (options.refuseRefresh !== undefined) {
        return gatewayError(options.refuseRefresh, 'Refresh token revoked; sign in again');
      }
      const presented = (request.body as { refreshToken?: string } | undefined)?.refreshToken;
      if (presented === undefined) {
        if (request.headers['x-medicalink-console'] !== '1') return gatewayError(403, 'CSRF');
        generation += 1;
        return grant();
      }
      if (used.has(presented) || presented !== `rt-${generation}`) {
        return gatewayError(401, 'Refresh token already used');
      }
      used.add(presented);
      generation += 1;
      return grant({ refreshToken: `rt-${generation}` });
    }
    if (request.path === '/auth/logout') return json(204, undefined);
    const token = request.headers['authorization'];
    return token === `Bearer at-${generation}` && !expired.has(token)
      ? json(200, { seen: token })
      : gatewayError(401, 'Token expired');
  });
  return {
    fetch,
    setGeneration: (value: number) => (generation = value),
    /** the gateway refuses the current access token from now on (it expired there first) */
    expireAccessToken: () => expired.add(`Bearer at-${generation}`),
  };
}

const paths = (requests: RecordedRequest[]) => requests.map((request) => request.path);

function recordEvents() {
  const events: ClientEvent[] = [];
  return { events, listener: (event: ClientEvent) => events.push(event) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('session renewal with refresh tokens', () => {
  it('obtains the access token with a given refresh token and keeps the rotated successor', async () => {
    const { fetch, setGeneration } = rotatingGateway();
    setGeneration(1);
    const client = createMedicaLinkClient({ refreshToken: 'rt-1', fetch });

    const result = await client.me();

    expect(result).toMatchObject({ success: true, data: { seen: 'Bearer at-2' } });
    expect(paths(fetch.requests)).toEqual(['/auth/refresh', '/auth/me']);
    expect(fetch.requests[0]!.body).toEqual({ refreshToken: 'rt-1' });
    expect(client.session).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-2' });
  });

  it('renews a stored access token past its life before the first call, reading its iat and exp', async () => {
    const { fetch, setGeneration } = rotatingGateway();
    setGeneration(7);
    const issuedAt = Math.floor(Date.now() / 1000) - 1_000;
    const claims = Buffer.from(JSON.stringify({ iat: issuedAt, exp: issuedAt + 900 }));
    const stale = `e30.${claims.toString('base64url')}.sig`;
    const client = createMedicaLinkClient({ token: stale, refreshToken: 'rt-7', fetch });

    expect(await client.me()).toMatchObject({ success: true, data: { seen: 'Bearer at-8' } });
    expect(paths(fetch.requests)).toEqual(['/auth/refresh', '/auth/me']);
  });

  it('renews before the access token expires, with no failed call, and rotates each time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { fetch } = rotatingGateway({ accessLifetimeSec: 100 });
    const client = createMedicaLinkClient({ credentials, refresh: 'token', fetch });
    await client.me();
    expect(fetch.requests[0]!.body).toEqual({ ...credentials, refresh: 'token' });

    vi.advanceTimersByTime(85_000); // a fifth of its life left: renew first
    expect(await client.me()).toMatchObject({ success: true, data: { seen: 'Bearer at-2' } });
    vi.advanceTimersByTime(85_000);
    expect(await client.me()).toMatchObject({ success: true, data: { seen: 'Bearer at-3' } });

    expect(paths(fetch.requests)).toEqual([
      '/auth/login',
      '/auth/me',
      '/auth/refresh',
      '/auth/me',
      '/auth/refresh',
      '/auth/me',
    ]);
    expect(fetch.requests.map((request) => request.body)).toContainEqual({ refreshToken: 'rt-2' });
  });

  it('renews once after a 401 and repeats the call; concurrent calls share the one renewal', async () => {
    const { fetch, expireAccessToken } = rotatingGateway();
    const client = createMedicaLinkClient({ credentials, refresh: 'token', fetch });
    await client.login();
    expireAccessToken();
    fetch.requests.length = 0;

    const results = await Promise.all([client.me(), client.me(), client.me()]);

    expect(results.map((result) => result.data)).toEqual([
      { seen: 'Bearer at-2' },
      { seen: 'Bearer at-2' },
      { seen: 'Bearer at-2' },
    ]);
    expect(paths(fetch.requests).filter((path) => path === '/auth/refresh')).toHaveLength(1);
    expect(fetch.requests.find((request) => request.path === '/auth/refresh')?.body).toEqual({
      refreshToken: 'rt-1',
    });
  });

  it('emits session_expired and fails with NOT_AUTHENTICATED when the refresh token is refused and nothing else can renew', async () => {
    const { fetch } = rotatingGateway({ refuseRefresh: 401 });
    const client = createMedicaLinkClient({ refreshToken: 'rt-stolen', fetch });
    const { events, listener } = recordEvents();
    client.addEventListener(listener);

    const result = await client.me();

    expect(result).toMatchObject({
      success: false,
      code: 'NOT_AUTHENTICATED',
      status: 401,
      error: 'Signed out: Refresh token revoked; sign in again',
    });
    expect(events.filter((event) => event.type === 'session_expired')).toEqual([
      expect.objectContaining({ reason: 'Refresh token revoked; sign in again' }),
    ]);
    expect(client.session.refreshToken).toBeUndefined();
  });

  it('falls back to the credentials when the refresh token is refused, and says it renewed by login', async () => {
    const { fetch } = rotatingGateway({ refuseRefresh: 401 });
    const client = createMedicaLinkClient({
      credentials,
      refreshToken: 'rt-dead',
      fetch,
    });
    const { events, listener } = recordEvents();
    client.addEventListener(listener);

    expect(await client.me()).toMatchObject({ success: true, data: { seen: 'Bearer at-1' } });
    expect(paths(fetch.requests)).toEqual(['/auth/refresh', '/auth/login', '/auth/me']);
    expect(fetch.requests[1]!.body).toEqual({ ...credentials, refresh: 'token' });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'session_renewed', via: 'login' }),
    );
    expect(events.some((event) => event.type === 'session_expired')).toBe(false);
  });

  it('keeps the refresh token through a passing failure (503) and emits nothing', async () => {
    const { fetch } = rotatingGateway({ refuseRefresh: 503 });
    const client = createMedicaLinkClient({ refreshToken: 'rt-1', fetch });
    const { events, listener } = recordEvents();
    client.addEventListener(listener);

    const result = await client.me();

    expect(result).toMatchObject({ success: false, status: 503 });
    expect(result.error).toMatch(/^Could not renew the session/);
    expect(client.session.refreshToken).toBe('rt-1');
    expect(events.some((event) => event.type.startsWith('session_'))).toBe(false);
  });
});

describe('a token store shared with other processes', () => {
  function memoryStore(initial?: SessionTokens) {
    let saved = initial;
    const order: string[] = [];
    const store: TokenStore & { saved: () => SessionTokens | undefined; order: string[] } = {
      load: () => saved,
      save: (tokens) => {
        saved = tokens;
      },
      exclusive: async (work) => {
        order.push('lock');
        try {
          return await work();
        } finally {
          order.push('unlock');
        }
      },
      saved: () => saved,
      order,
    };
    return store;
  }

  it('saves every rotation, renewing inside the store lock', async () => {
    const { fetch, setGeneration } = rotatingGateway();
    setGeneration(1);
    const store = memoryStore();
    const client = createMedicaLinkClient({ refreshToken: 'rt-1', tokenStore: store, fetch });

    await client.me();

    expect(store.saved()).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-2' });
    expect(store.order).toEqual(['lock', 'unlock']);
  });

  it("takes another process's renewal instead of presenting a refresh token it already used", async () => {
    const { fetch, setGeneration } = rotatingGateway();
    setGeneration(5);
    // Another process rotated rt-4 into rt-5 and at-5 while this one still held rt-4.
    const store = memoryStore({
      accessToken: 'at-5',
      accessTokenExpiresAt: Date.now() + 900_000,
      refreshToken: 'rt-5',
    });
    const client = createMedicaLinkClient({ refreshToken: 'rt-4', tokenStore: store, fetch });

    expect(await client.me()).toMatchObject({ success: true, data: { seen: 'Bearer at-5' } });
    expect(paths(fetch.requests)).toEqual(['/auth/me']);
    expect(client.session.refreshToken).toBe('rt-5');
  });
});

describe("the console's cookie", () => {
  it('signs in for the cookie and renews with it and the console header, never seeing the token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { fetch } = rotatingGateway({ accessLifetimeSec: 20 });
    const client = createMedicaLinkClient({ credentials, refresh: 'cookie', fetch });

    await client.login();
    vi.advanceTimersByTime(17_000);
    expect(await client.me()).toMatchObject({ success: true, data: { seen: 'Bearer at-2' } });

    const [login, refresh] = fetch.requests;
    expect(login!.body).toEqual({ ...credentials, refresh: 'cookie' });
    expect(login!.headers['x-medicalink-console']).toBe('1');
    expect(refresh).toMatchObject({ path: '/auth/refresh', body: undefined });
    expect(refresh!.headers['x-medicalink-console']).toBe('1');
    expect(client.session.refreshToken).toBeUndefined();
  });

  it('renews in the background with autoRenew, so a quiet page stays signed in', async () => {
    vi.useFakeTimers();
    const { fetch } = rotatingGateway({ accessLifetimeSec: 20 });
    const client = createMedicaLinkClient({
      credentials,
      refresh: 'cookie',
      autoRenew: true,
      fetch,
    });
    await client.login();

    await vi.advanceTimersByTimeAsync(60_000);

    expect(paths(fetch.requests).filter((path) => path === '/auth/refresh').length).toBe(3);
    expect(client.session.accessToken).toBe('at-4');
    client.dispose();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(paths(fetch.requests).filter((path) => path === '/auth/refresh').length).toBe(3);
  });
});

describe('logout', () => {
  it('revokes server-side, forgets the tokens and the credentials, and clears the store', async () => {
    const { fetch } = rotatingGateway();
    const saves: (SessionTokens | undefined)[] = [];
    const client = createMedicaLinkClient({
      credentials,
      refresh: 'token',
      tokenStore: { load: () => undefined, save: (tokens) => void saves.push(tokens) },
      fetch,
    });
    await client.login();

    expect(await client.logout()).toMatchObject({ success: true, status: 204 });

    const logout = fetch.requests.at(-1)!;
    expect(logout).toMatchObject({ method: 'POST', path: '/auth/logout' });
    expect(logout.headers['authorization']).toBe('Bearer at-1');
    expect(client.session).toEqual({});
    expect(saves.at(-1)).toBeUndefined();
    expect(await client.me()).toMatchObject({ success: false, status: 401 });
    expect(paths(fetch.requests).filter((path) => path === '/auth/login')).toHaveLength(1);
  });
});
