import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedicaLinkClient, type ClientEvent } from '@medicalink/sdk';
import { eventually, gatewayClient, type Json, type Reply } from '@medicalink/testing';
import {
  E2E_ADMIN,
  E2E_JWT_SECRET,
  printAppOutputOnFailure,
  releaseSystem,
  sharedSystem,
  type RunningSystem,
} from './support/system';
import { handMadeJwt } from './support/tokens';

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let http: ReturnType<typeof gatewayClient>;
let mainToken: string;

beforeAll(async () => {
  system = await sharedSystem();
  http = gatewayClient(system.gatewayUrl);
  mainToken = await eventually(() => http.token(E2E_ADMIN.email, E2E_ADMIN.password), {
    timeoutMs: 15_000,
    intervalMs: 500,
  });
});

afterAll(async () => {
  await releaseSystem(system);
});

type Tokens = Json & { accessToken: string; refreshToken?: string; refreshTokenExpiresAt?: string };
const CONSOLE = { 'x-medicalink-console': '1' };

/** A new owner account (its own rate-limit bucket, and nothing shared between tests). */
async function newAccount() {
  const account = {
    email: `refresh-${randomUUID().slice(0, 8)}@medicalink.local`,
    password: `Pw-${randomUUID()}`,
    fullName: 'Refresh Tester',
  };
  const created = await http.call<{ id: string }>('POST', '/accounts', {
    token: mainToken,
    body: account,
  });
  expect(created.status).toBe(201);
  return { ...account, id: created.body.id };
}

const refresh = (body: Json | undefined, headers: Record<string, string> = {}) =>
  http.call<Tokens>('POST', '/auth/refresh', { ...(body && { body }), headers });

const me = (token: string) => http.call('GET', '/auth/me', { token });

/** The refresh cookie a reply sets, split into its value and attributes. */
function refreshCookieOf(reply: Reply<unknown>) {
  const line = reply.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('medicalink_refresh='));
  if (!line) return undefined;
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  return { value: pair.slice('medicalink_refresh='.length), attributes, line };
}

describe('POST /auth/login for API clients', () => {
  it('answers as before when no refresh token is asked for: no refresh token, no cookie', async () => {
    const account = await newAccount();
    const reply = await http.call<Tokens>('POST', '/auth/login', {
      body: { email: account.email, password: account.password },
    });

    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType']);
    expect(reply.headers.getSetCookie()).toEqual([]);
  });

  it('refuses `remember` without `refresh`, naming the field', async () => {
    const account = await newAccount();
    const reply = await http.call<Json>('POST', '/auth/login', {
      body: { email: account.email, password: account.password, remember: true },
    });
    expect(reply.status).toBe(400);
    expect(reply.body['errors']).toEqual(['remember: is only accepted with refresh']);
  });
});

describe('refresh tokens in the body (SDK, CLI)', () => {
  it('rotates: a new access token that works and a new refresh token, the sign-in end kept', async () => {
    const account = await newAccount();
    const login = await http.call<Tokens>('POST', '/auth/login', {
      body: { email: account.email, password: account.password, refresh: 'token' },
    });
    expect(login.status).toBe(200);
    expect(login.body.refreshToken).toMatch(/^mlrt_/);
    const remaining = Date.parse(login.body.refreshTokenExpiresAt!) - Date.now();
    expect(remaining).toBeGreaterThan(11.9 * 3_600_000); // 12 h by default
    expect(remaining).toBeLessThanOrEqual(12 * 3_600_000);

    const renewed = await refresh({ refreshToken: login.body.refreshToken });

    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('cache-control')).toBe('no-store');
    expect(renewed.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(renewed.body.refreshToken).not.toBe(login.body.refreshToken);
    expect(renewed.body.refreshTokenExpiresAt).toBe(login.body.refreshTokenExpiresAt);
    expect((await me(renewed.body.accessToken)).body).toMatchObject({ id: account.id });
  });

  it('kills the family when a rotated token comes back (theft), with 401 for both holders', async () => {
    const account = await newAccount();
    const login = await http.call<Tokens>('POST', '/auth/login', {
      body: { email: account.email, password: account.password, refresh: 'token' },
    });
    const stolen = login.body.refreshToken!;
    const legitimate = await refresh({ refreshToken: stolen });
    expect(legitimate.status).toBe(200);

    const thief = await refresh({ refreshToken: stolen });
    expect(thief.status).toBe(401);
    expect(thief.body).toMatchObject({
      message: 'Refresh token already used: every token of this sign-in is revoked; sign in again',
      details: { code: 'REFRESH_TOKEN_REUSED' },
    });
    const owner = await refresh({ refreshToken: legitimate.body.refreshToken! });
    expect(owner.status).toBe(401);
    expect(owner.body).toMatchObject({ details: { code: 'REFRESH_TOKEN_REVOKED' } });
  });

  it('refuses an unknown token and a missing one with 401, a malformed body with 400', async () => {
    expect((await refresh({ refreshToken: `mlrt_${'x'.repeat(43)}` })).status).toBe(401);
    const missing = await refresh(undefined);
    expect(missing.status).toBe(401);
    expect(missing.body['message']).toMatch(/^Missing refresh token/);
    const malformed = await refresh({ refreshToken: 42, extra: true });
    expect(malformed.status).toBe(400);
    expect((malformed.body['errors'] as string[]).join(' ')).toMatch(/refreshToken/);
  });

  it('is revoked by a password change and by deactivation', async () => {
    const changer = await newAccount();
    const changerLogin = await http.call<Tokens>('POST', '/auth/login', {
      body: { email: changer.email, password: changer.password, refresh: 'token' },
    });
    const changed = await http.call('POST', '/auth/password', {
      token: changerLogin.body.accessToken,
      body: { currentPassword: changer.password, newPassword: `New-${randomUUID()}` },
    });
    expect(changed.status).toBe(200);
    expect((await refresh({ refreshToken: changerLogin.body.refreshToken })).body).toMatchObject({
      statusCode: 401,
      details: { code: 'REFRESH_TOKEN_REVOKED' },
    });

    const leaver = await newAccount();
    const leaverLogin = await http.call<Tokens>('POST', '/auth/login', {
      body: { email: leaver.email, password: leaver.password, refresh: 'token' },
    });
    expect((await http.call('DELETE', `/accounts/${leaver.id}`, { token: mainToken })).status).toBe(
      204,
    );
    expect((await refresh({ refreshToken: leaverLogin.body.refreshToken })).status).toBe(401);
  });

  it('POST /auth/logout signs out everywhere: refresh tokens revoked, access tokens refused', async () => {
    const account = await newAccount();
    const logins = await Promise.all(
      ['token', 'token'].map(() =>
        http.call<Tokens>('POST', '/auth/login', {
          body: { email: account.email, password: account.password, refresh: 'token' },
        }),
      ),
    );
    const [first, second] = logins.map((login) => login.body);

    const out = await http.call('POST', '/auth/logout', { token: first!.accessToken });

    expect(out.status).toBe(204);
    for (const tokens of [first!, second!]) {
      expect((await refresh({ refreshToken: tokens.refreshToken })).status).toBe(401);
    }
    // The gateway that served the logout refuses at once; others within TOKEN_STATE_TTL_MS.
    expect((await me(first!.accessToken)).status).toBe(401);
    expect((await me(second!.accessToken)).status).toBe(401);
    expect((await http.call('POST', '/auth/logout')).status).toBe(401);
  });
});

describe("the console's cookie", () => {
  async function cookieLogin(headers: Record<string, string> = CONSOLE) {
    const account = await newAccount();
    const reply = await http.call<Tokens>('POST', '/auth/login', {
      body: { email: account.email, password: account.password, refresh: 'cookie' },
      headers,
    });
    return { account, reply, cookie: refreshCookieOf(reply) };
  }

  it('is set only for the console sign-in: HttpOnly, SameSite=Strict, Path=/auth, not in the body', async () => {
    const { reply, cookie } = await cookieLogin();

    expect(reply.status).toBe(200);
    expect(reply.body).not.toHaveProperty('refreshToken');
    expect(reply.body.refreshTokenExpiresAt).toEqual(expect.any(String));
    expect(cookie?.value).toMatch(/^mlrt_/);
    expect(cookie?.attributes).toEqual([
      expect.stringMatching(/^Path=\/auth$/),
      expect.stringMatching(/^Max-Age=43(19\d|200)$/),
      'HttpOnly',
      'SameSite=Strict',
    ]);
  });

  it('is Secure when the console was reached over https (a trusted proxy says so)', async () => {
    const { cookie } = await cookieLogin({ ...CONSOLE, 'x-forwarded-proto': 'https' });
    expect(cookie?.attributes).toContain('Secure');
  });

  it('refuses the cookie sign-in without the console header (403) and sets nothing', async () => {
    const { reply, cookie } = await cookieLogin({});
    expect(reply.status).toBe(403);
    expect(reply.body['message']).toMatch(/x-medicalink-console: 1/);
    expect(cookie).toBeUndefined();
  });

  it('refuses the cookie without the console header (CSRF), then rotates it with the header', async () => {
    const { cookie } = await cookieLogin();
    const sendCookie = { cookie: `medicalink_refresh=${cookie!.value}` };

    const forged = await refresh(undefined, sendCookie);
    expect(forged.status).toBe(403);
    expect(forged.body['message']).toMatch(/only with the x-medicalink-console: 1 header/);
    expect(refreshCookieOf(forged)).toBeUndefined();

    // The refused attempt used nothing: the same cookie still works with the header.
    const renewed = await refresh(undefined, { ...sendCookie, ...CONSOLE });
    expect(renewed.status).toBe(200);
    expect(renewed.body).not.toHaveProperty('refreshToken');
    expect(renewed.body.accessToken).toEqual(expect.any(String));
    const next = refreshCookieOf(renewed);
    expect(next?.value).toMatch(/^mlrt_/);
    expect(next?.value).not.toBe(cookie!.value);
    expect(next?.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict']));
  });

  it('is cleared by logout and by a refusal, and the revoked cookie is refused', async () => {
    const { reply, cookie } = await cookieLogin();
    const out = await http.call('POST', '/auth/logout', {
      token: reply.body.accessToken,
      headers: CONSOLE,
    });
    expect(out.status).toBe(204);
    expect(refreshCookieOf(out)?.attributes).toContain('Max-Age=0');
    expect(refreshCookieOf(out)?.value).toBe('');

    const after = await refresh(undefined, {
      cookie: `medicalink_refresh=${cookie!.value}`,
      ...CONSOLE,
    });
    expect(after.status).toBe(401);
    expect(refreshCookieOf(after)?.attributes).toContain('Max-Age=0');
  });
});

describe('the SDK with a refresh token', () => {
  it('renews across an expired access token on its own, and says when it no longer can', async () => {
    const account = await newAccount();
    const login = await http.call<Tokens>('POST', '/auth/login', {
      body: { email: account.email, password: account.password, refresh: 'token' },
    });
    // An access token the gateway refuses as expired (signed with its key, exp long past).
    const now = Math.floor(Date.now() / 1000);
    const expired = handMadeJwt(
      { alg: 'HS256', typ: 'JWT' },
      { sub: account.id, email: account.email, privilege: 'owner', ver: 0, exp: now - 3_600 },
      E2E_JWT_SECRET,
    );
    expect((await me(expired)).body).toMatchObject({ statusCode: 401, message: 'Token expired' });
    const events: ClientEvent[] = [];
    const client = createMedicaLinkClient({
      baseUrl: system.gatewayUrl,
      token: expired,
      refreshToken: login.body.refreshToken!,
    });
    client.addEventListener((event) => events.push(event));

    const renewed = await client.me();

    expect(renewed).toMatchObject({ success: true, data: { id: account.id } });
    expect(client.session.refreshToken).toMatch(/^mlrt_/);
    expect(client.session.refreshToken).not.toBe(login.body.refreshToken);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'session_renewed', via: 'refresh' }),
    );

    // Signed out everywhere from elsewhere: the next call cannot be renewed any more.
    expect(
      (await http.call('POST', '/auth/logout', { token: login.body.accessToken })).status,
    ).toBe(204);
    const after = await eventually(async () => {
      const result = await client.me();
      expect(result.success).toBe(false);
      return result;
    });
    expect(after).toMatchObject({ code: 'NOT_AUTHENTICATED', status: 401 });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'session_expired',
        reason: 'Refresh token revoked; sign in again',
      }),
    );
    client.dispose();
  });
});
