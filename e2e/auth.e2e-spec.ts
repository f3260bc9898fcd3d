import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gatewayClient, type Json } from '@medicalink/testing';
import {
  E2E_ADMIN,
  E2E_JWT_SECRET,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';
import { handMadeJwt, jwtPayload } from './support/tokens';

const PER_PAIR = 4;
const PER_EMAIL = 8;
const PER_IP = 12;

let system: RunningSystem;
printAppOutputOnFailure(() => system);

beforeAll(async () => {
  system = await startSystem({
    LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL: String(PER_PAIR),
    LOGIN_FAILURES_PER_EMAIL: String(PER_EMAIL),
    LOGIN_FAILURES_PER_ADDRESS: String(PER_IP),
    LOGIN_RATE_WINDOW_SEC: '60',
  });
  http = gatewayClient(system.gatewayUrl, { onBody: (text) => bodies.push(text) });
});

afterAll(async () => {
  await system?.stop();
});

/** Every response body this file received, checked for secrets at the end. */
const bodies: string[] = [];
/** Every password this file sent. */
const passwords = new Set<string>([E2E_ADMIN.password]);

let http: ReturnType<typeof gatewayClient>;
function call<T = Json>(...args: Parameters<typeof http.call>) {
  return http.call<T>(...args);
}

/** Logs in; `ip` sets X-Forwarded-For (the gateway trusts its proxy) to pick a rate-limit bucket. */
function login(email: string, password: string, ip?: string) {
  passwords.add(password);
  return call<Json & { accessToken: string }>('POST', '/auth/login', {
    body: { email, password },
    headers: ip ? { 'x-forwarded-for': ip } : {},
  });
}

async function tokenFor(email: string, password: string): Promise<string> {
  const reply = await login(email, password);
  expect(reply.status).toBe(200);
  return reply.body.accessToken;
}

function newAccount(privilege?: 'owner' | 'admin' | 'main') {
  const password = `Pw-${randomUUID()}`;
  passwords.add(password);
  return {
    email: `staff-${randomUUID().slice(0, 8)}@medicalink.local`,
    password,
    fullName: 'Staff Member',
    ...(privilege ? { privilege } : {}),
  };
}

const claimsOf = (token: string) => jwtPayload(token);
const nowSec = () => Math.floor(Date.now() / 1000);

let mainToken: string;
let mainId: string;

describe('POST /auth/login and GET /auth/me', () => {
  it('logs the bootstrap main account in with an HS256 bearer token', async () => {
    // The accounts service creates the bootstrap account as it starts.
    const reply = await eventually(
      async () => {
        const attempt = await login(E2E_ADMIN.email, E2E_ADMIN.password);
        expect(attempt.status).toBe(200);
        return attempt;
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    );

    expect(reply.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    expect(reply.headers.get('cache-control')).toBe('no-store');
    mainToken = reply.body.accessToken;
    const claims = claimsOf(mainToken);
    expect(claims).toMatchObject({ email: E2E_ADMIN.email, privilege: 'main' });
    expect(claims['exp']).toBe((claims['iat'] as number) + 900);
    expect(JSON.parse(Buffer.from(mainToken.split('.')[0]!, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    mainId = claims['sub'] as string;
  });

  it("returns the caller's account on /auth/me, without any password", async () => {
    const reply = await call('GET', '/auth/me', { token: mainToken });

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: mainId,
      email: E2E_ADMIN.email,
      privilege: 'main',
      isActive: true,
    });
    expect(Object.keys(reply.body).filter((key) => /pass|hash|salt/i.test(key))).toEqual([]);
  });

  it('answers an unknown email and a wrong password with the same 401', async () => {
    const unknown = await login(
      `nobody-${randomUUID().slice(0, 8)}@medicalink.local`,
      'whatever-pw-1',
    );
    const wrong = await login(E2E_ADMIN.email, 'definitely-not-the-password');

    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body['message']).toBe('Invalid email or password');
    expect(wrong.body['message']).toBe(unknown.body['message']);
    expect(Object.keys(wrong.body).sort()).toEqual(Object.keys(unknown.body).sort());
  });

  it('answers a bad login body with 400 naming the fields', async () => {
    const reply = await call('POST', '/auth/login', { body: { email: 'not-an-email' } });

    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ statusCode: 400, message: 'Validation failed' });
    expect(reply.body['errors']).toEqual([
      expect.stringMatching(/^email: /),
      expect.stringMatching(/^password: /),
    ]);
  });
});

describe('tokens the gateway refuses', () => {
  const validPayload = () => ({
    sub: mainId,
    email: E2E_ADMIN.email,
    privilege: 'main',
    iat: nowSec(),
    exp: nowSec() + 600,
  });
  const hs256 = { alg: 'HS256', typ: 'JWT' };

  it('accepts a token it did not issue only if it is signed with its secret (sanity check)', async () => {
    const reply = await call('GET', '/auth/me', {
      token: handMadeJwt(hs256, validPayload(), E2E_JWT_SECRET),
    });

    expect(reply.status).toBe(200);
  });

  it('answers 401 with a Bearer challenge when the token is missing', async () => {
    const reply = await call('GET', '/auth/me');

    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(reply.body).toMatchObject({ statusCode: 401, operationId: expect.any(String) });
  });

  it.each([
    [
      'a forged signature',
      () => handMadeJwt(hs256, validPayload(), 'some-other-secret-0123456789abcdef'),
    ],
    [
      'a payload changed after signing',
      () => {
        const [header, , signature] = mainToken.split('.');
        const payload = Buffer.from(
          JSON.stringify({ ...claimsOf(mainToken), email: 'someone@else.test' }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
    ],
    [
      'an expired token',
      () =>
        handMadeJwt(
          hs256,
          { ...validPayload(), iat: nowSec() - 7200, exp: nowSec() - 3600 },
          E2E_JWT_SECRET,
        ),
    ],
    ['alg none', () => handMadeJwt({ alg: 'none', typ: 'JWT' }, validPayload(), null)],
    ['alg HS512', () => handMadeJwt({ alg: 'HS512', typ: 'JWT' }, validPayload(), E2E_JWT_SECRET)],
    ['no exp', () => handMadeJwt(hs256, { ...validPayload(), exp: undefined }, E2E_JWT_SECRET)],
    ['garbage', () => 'not.a.jwt'],
  ])('answers 401 to %s', async (_label, makeToken) => {
    const reply = await call('GET', '/auth/me', { token: makeToken() });

    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(reply.body['message']).toMatch(/^(Invalid token|Token expired|Missing bearer token)$/);
  });
});

describe('accounts', () => {
  let owner: ReturnType<typeof newAccount>;
  let ownerId: string;
  let ownerToken: string;

  it('lets main create an owner account (the default privilege): 201, no password in the reply', async () => {
    owner = newAccount();

    const reply = await call('POST', '/accounts', {
      token: mainToken,
      body: owner,
      headers: { 'idempotency-key': randomUUID() },
    });

    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      id: expect.any(String),
      email: owner.email,
      fullName: owner.fullName,
      privilege: 'owner',
    });
    expect(reply.body).not.toHaveProperty('password');
    ownerId = reply.body['id'] as string;
    ownerToken = await tokenFor(owner.email, owner.password);
    expect(claimsOf(ownerToken)).toMatchObject({ sub: ownerId, privilege: 'owner' });
  });

  it('refuses an owner creating accounts (403)', async () => {
    const reply = await call('POST', '/accounts', { token: ownerToken, body: newAccount() });

    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ statusCode: 403, message: expect.any(String) });
  });

  it('lists accounts for admin and main, filtered and paginated; an owner gets 403', async () => {
    const found = await call(
      'GET',
      `/accounts?search=${encodeURIComponent(owner.email.toUpperCase())}`,
      {
        token: mainToken,
      },
    );
    expect(found.status).toBe(200);
    expect(found.body['data']).toEqual([
      expect.objectContaining({ id: ownerId, email: owner.email, privilege: 'owner' }),
    ]);
    expect(JSON.stringify(found.body)).not.toMatch(/password|hash/i);

    const mains = await call('GET', '/accounts?privilege=main&status=active&limit=1', {
      token: mainToken,
    });
    expect(mains.status).toBe(200);
    expect(mains.body['meta']).toMatchObject({ page: 1, limit: 1, total: expect.any(Number) });
    expect((mains.body['data'] as { privilege: string }[]).map((a) => a.privilege)).toEqual([
      'main',
    ]);

    const noMatch = await call('GET', '/accounts?search=%25_nobody_%25', { token: mainToken });
    expect(noMatch.body['meta']).toMatchObject({ total: 0 });

    expect((await call('GET', '/accounts', { token: ownerToken })).status).toBe(403);
    const bad = await call('GET', '/accounts?privilege=root', { token: mainToken });
    expect(bad.status).toBe(400);
  });

  it('lets an owner read its own account but not another one (403)', async () => {
    const own = await call('GET', `/accounts/${ownerId}`, { token: ownerToken });
    const other = await call('GET', `/accounts/${mainId}`, { token: ownerToken });
    const missing = await call('GET', `/accounts/${randomUUID()}`, { token: ownerToken });

    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: ownerId, email: owner.email });
    expect(other.status).toBe(403);
    expect(missing.status).toBe(403);
  });

  it('lets an owner PATCH its own account, and no other', async () => {
    const own = await call('PATCH', `/accounts/${ownerId}`, {
      token: ownerToken,
      body: { fullName: 'Renamed Owner', phone: '+84 912 345 678', dob: '1990-04-01' },
    });
    const other = await call('PATCH', `/accounts/${mainId}`, {
      token: ownerToken,
      body: { fullName: 'Hijacked' },
    });

    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      id: ownerId,
      fullName: 'Renamed Owner',
      phone: '+84 912 345 678',
      dob: '1990-04-01',
    });
    expect(other.status).toBe(403);
    const me = await call('GET', '/auth/me', { token: ownerToken });
    expect(me.body).toMatchObject({ fullName: 'Renamed Owner' });
  });

  it('lets main read and change any account; 404 for an unknown id', async () => {
    const expiry = '2030-01-01T00:00:00.000Z';
    const read = await call('GET', `/accounts/${ownerId}`, { token: mainToken });
    const changed = await call('PATCH', `/accounts/${ownerId}`, {
      token: mainToken,
      body: { membershipExpiresAt: expiry },
    });
    const missing = await call('GET', `/accounts/${randomUUID()}`, { token: mainToken });

    expect(read.status).toBe(200);
    expect(changed.status).toBe(200);
    expect(new Date(changed.body['membershipExpiresAt'] as string).toISOString()).toBe(expiry);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404 });
  });

  it('refuses an admin creating a main account, but lets it create an admin', async () => {
    const admin = newAccount('admin');
    expect((await call('POST', '/accounts', { token: mainToken, body: admin })).status).toBe(201);
    const adminToken = await tokenFor(admin.email, admin.password);

    const tooHigh = await call('POST', '/accounts', {
      token: adminToken,
      body: newAccount('main'),
    });
    const same = await call('POST', '/accounts', { token: adminToken, body: newAccount('admin') });

    expect(tooHigh.status).toBe(403);
    expect(same.status).toBe(201);
  });

  it('answers 409 when the email is already used', async () => {
    const reply = await call('POST', '/accounts', {
      token: mainToken,
      body: { ...newAccount(), email: owner.email.toUpperCase() },
    });

    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({
      statusCode: 409,
      details: { code: 'ACCOUNT_EMAIL_TAKEN' },
    });
  });

  it('answers 400 naming the fields of a bad body, a bad id and a bad Idempotency-Key', async () => {
    const body = await call('POST', '/accounts', {
      token: mainToken,
      body: { email: 'nope', password: 'short', dob: '1 April 1990', privilege: 'root', extra: 1 },
    });
    const id = await call('GET', '/accounts/not-a-uuid', { token: mainToken });
    const patch = await call('PATCH', `/accounts/${ownerId}`, {
      token: mainToken,
      body: { email: 'other@medicalink.local' },
    });
    const key = await call('POST', '/accounts', {
      token: mainToken,
      body: newAccount(),
      headers: { 'idempotency-key': 'k'.repeat(201) },
    });

    expect(body.status).toBe(400);
    expect(body.body).toMatchObject({ statusCode: 400, message: 'Validation failed' });
    const errors = body.body['errors'] as string[];
    for (const field of ['email', 'password', 'fullName', 'dob', 'privilege']) {
      expect(errors.some((error) => error.startsWith(`${field}: `))).toBe(true);
    }
    expect(errors).toContain('extra: is not an accepted field');
    expect(id.status).toBe(400);
    expect(id.body['errors']).toEqual(['id: must be a UUID']);
    expect(patch.status).toBe(400);
    expect(patch.body['errors']).toEqual(['email: is not an accepted field']);
    expect(key.status).toBe(400);
    expect(key.body['errors']).toEqual([expect.stringMatching(/^idempotency-key: /)]);
  });

  it('never counts successful logins', async () => {
    const counted = newAccount();
    expect((await call('POST', '/accounts', { token: mainToken, body: counted })).status).toBe(201);

    for (let i = 0; i < PER_PAIR * 3; i += 1) {
      expect((await login(counted.email, counted.password, '198.51.100.1')).status).toBe(200);
    }
  });
});

describe('login rate limits', () => {
  it('answers 429 with Retry-After once an (email, address) pair has used its failures; other addresses still log in', async () => {
    const victim = newAccount();
    expect((await call('POST', '/accounts', { token: mainToken, body: victim })).status).toBe(201);
    for (let i = 0; i < PER_PAIR; i += 1) {
      expect((await login(victim.email, `guess-number-${i}`, '198.51.100.2')).status).toBe(401);
    }

    const refused = await login(victim.email, 'guess-number-x', '198.51.100.2');
    const owner = await login(victim.email.toUpperCase(), victim.password, '198.51.100.3');

    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      statusCode: 429,
      message: 'Too many login attempts, try again later',
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(owner.status).toBe(200);
  });

  it('stops a distributed guessing run at the per-email ceiling, without locking out an address that logged in before', async () => {
    const victim = newAccount();
    expect((await call('POST', '/accounts', { token: mainToken, body: victim })).status).toBe(201);
    expect((await login(victim.email, victim.password, '198.51.100.20')).status).toBe(200);
    for (let i = 0; i < PER_EMAIL; i += 1) {
      expect((await login(victim.email, `spread-${i}`, `203.0.113.${i + 1}`)).status).toBe(401);
    }

    const next = await login(victim.email, 'spread-x', '203.0.113.200');
    const owner = await login(victim.email, victim.password, '198.51.100.20');

    expect(next.status).toBe(429);
    expect(owner.status).toBe(200);
  });

  it('answers 429 once an IP has used its attempts, whatever the email', async () => {
    for (let i = 0; i < PER_IP; i += 1) {
      const reply = await login(
        `spray-${i}-${randomUUID().slice(0, 8)}@medicalink.local`,
        'pw-spray-1',
        '198.51.100.4',
      );
      expect(reply.status).toBe(401);
    }

    const fresh = `fresh-${randomUUID().slice(0, 8)}@medicalink.local`;
    const refused = await login(fresh, 'pw-spray-1', '198.51.100.4');
    const otherIp = await login(`${fresh}.other`, 'pw-spray-1', '198.51.100.5');

    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(otherIp.status).toBe(401);
  });
});

describe('token revocation and admin fields', () => {
  async function accountWithToken(privilege: 'owner' | 'admin' = 'owner') {
    const account = newAccount(privilege);
    const created = await call('POST', '/accounts', { token: mainToken, body: account });
    expect(created.status).toBe(201);
    const token = await tokenFor(account.email, account.password);
    return { ...account, id: created.body['id'] as string, token };
  }

  /** The token's /auth/me status, until it is 401 (a revocation takes at most seconds). */
  async function revoked(token: string): Promise<void> {
    await eventually(
      async () => expect((await call('GET', '/auth/me', { token })).status).toBe(401),
      { timeoutMs: 8_000, intervalMs: 250 },
    );
  }

  it('ends the tokens of an account DELETE deactivates; 204', async () => {
    const owner = await accountWithToken();
    expect((await call('GET', '/auth/me', { token: owner.token })).status).toBe(200);

    const deleted = await call('DELETE', `/accounts/${owner.id}`, { token: mainToken });

    expect(deleted.status).toBe(204);
    await revoked(owner.token);
    const reply = await call('GET', '/auth/me', { token: owner.token });
    expect(reply.body).toMatchObject({ statusCode: 401, message: 'Token revoked' });
    expect((await login(owner.email, owner.password)).status).toBe(401);
  });

  it('ends the tokens of a demoted account, and of a deactivated one (PATCH isActive)', async () => {
    const admin = await accountWithToken('admin');
    const other = await accountWithToken();
    expect((await call('GET', `/accounts/${other.id}`, { token: admin.token })).status).toBe(200);

    const demoted = await call('PATCH', `/accounts/${admin.id}`, {
      token: mainToken,
      body: { privilege: 'owner' },
    });
    const deactivated = await call('PATCH', `/accounts/${other.id}`, {
      token: mainToken,
      body: { isActive: false },
    });

    expect(demoted.status).toBe(200);
    expect(demoted.body['privilege']).toBe('owner');
    expect(deactivated.body['isActive']).toBe(false);
    await revoked(admin.token);
    await revoked(other.token);
    const again = await tokenFor(admin.email, admin.password);
    expect(claimsOf(again)['privilege']).toBe('owner');
  });

  it('changes a password: a new token in the reply, the tokens issued before end', async () => {
    const owner = await accountWithToken();
    const newPassword = `New-${randomUUID()}`;
    passwords.add(newPassword);

    const wrong = await call('POST', '/auth/password', {
      token: owner.token,
      body: { currentPassword: 'not-my-password', newPassword },
    });
    const changed = await call<Json & { accessToken: string }>('POST', '/auth/password', {
      token: owner.token,
      body: { currentPassword: owner.password, newPassword },
    });

    expect(wrong.status).toBe(403);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    await revoked(owner.token);
    expect((await call('GET', '/auth/me', { token: changed.body.accessToken })).status).toBe(200);
    expect((await login(owner.email, owner.password)).status).toBe(401);
    expect((await login(owner.email, newPassword)).status).toBe(200);
  });

  it('never lets an admin change or deactivate a main account, nor an owner its admin fields', async () => {
    const admin = await accountWithToken('admin');
    const owner = await accountWithToken();

    const patchMain = await call('PATCH', `/accounts/${mainId}`, {
      token: admin.token,
      body: { fullName: 'Taken Over' },
    });
    const deleteMain = await call('DELETE', `/accounts/${mainId}`, { token: admin.token });
    const promote = await call('PATCH', `/accounts/${owner.id}`, {
      token: admin.token,
      body: { privilege: 'main' },
    });
    const selfPromote = await call('PATCH', `/accounts/${owner.id}`, {
      token: owner.token,
      body: { privilege: 'admin' },
    });
    const ownerDelete = await call('DELETE', `/accounts/${owner.id}`, { token: owner.token });
    // the membership decides an education registration's category: staff set it, not its holder
    const ownMembership = await call('PATCH', `/accounts/${owner.id}`, {
      token: owner.token,
      body: { membershipExpiresAt: '2099-01-01T00:00:00.000Z' },
    });

    expect(patchMain.status).toBe(403);
    expect(ownMembership.status).toBe(403);
    expect(ownMembership.body['message']).toBe(
      'Only admin and main may change membershipExpiresAt',
    );
    expect(deleteMain.status).toBe(403);
    expect(promote.status).toBe(403);
    expect(selfPromote.status).toBe(403);
    expect(ownerDelete.status).toBe(403);
    expect((await call('GET', '/auth/me', { token: mainToken })).body).toMatchObject({
      privilege: 'main',
      isActive: true,
      fullName: expect.not.stringMatching('Taken Over'),
    });
  });
});

describe('secrets', () => {
  it('never sent a password, a password hash or a hash-like blob in any reply', () => {
    expect(bodies.length).toBeGreaterThan(30);
    for (const text of bodies) {
      const withoutTokens = text.replace(/"accessToken":"[^"]*"/g, '"accessToken":"…"');
      for (const password of passwords) expect(withoutTokens).not.toContain(password);
      expect(withoutTokens).not.toMatch(/"[^"]*(password|hash|salt)[^"]*"\s*:/i);
      expect(withoutTokens).not.toMatch(/\$(2[aby]|argon2|scrypt)|scrypt[:$]/i);
      expect(withoutTokens).not.toMatch(/[A-Za-z0-9+/]{40,}/);
    }
  });
});
