import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accountRpc, authRpc, refreshTokenRpc } from '@medicalink/contracts';
import { createDatabase, databaseUrl, sql, type Kysely } from '@medicalink/persistence';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  rpcFailure,
  type TestClient,
} from '@medicalink/testing';
import type { AccountsDatabase } from '../src/database/accounts.schema';
import { startAccounts } from '../src/start';

const MAIN_ACTOR = { id: randomUUID(), privilege: 'main' } as const;

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'refresh');
let service: RunningService;
let client: TestClient;
let db: Kysely<AccountsDatabase>;

/** Short lifetimes for `session` sign-ins (the expiry tests), long ones for `remember`. */
const SESSION_LIFETIME_SEC = 6;
const SESSION_IDLE_SEC = 3;
const REMEMBER_LIFETIME_SEC = 3_600;
const REMEMBER_IDLE_SEC = 600;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  service = await startAccounts(
    namespace.env({
      ACCOUNTS_HTTP_PORT: '0',
      PASSWORD_HASH_COST: '1024',
      REFRESH_TOKEN_LIFETIME_SEC: String(SESSION_LIFETIME_SEC),
      REFRESH_TOKEN_IDLE_SEC: String(SESSION_IDLE_SEC),
      REFRESH_TOKEN_REMEMBER_LIFETIME_SEC: String(REMEMBER_LIFETIME_SEC),
      REFRESH_TOKEN_REMEMBER_IDLE_SEC: String(REMEMBER_IDLE_SEC),
    }),
  );
  client = await createTestClient(namespace);
  db = createDatabase<AccountsDatabase>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('accounts')),
  );
});

afterAll(async () => {
  await client?.close();
  await db?.destroy();
  await service?.close();
  await namespace.cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new account, signed in (credentials verified, then a family started at that version). */
async function signedIn(lifetime: 'session' | 'remember' = 'remember') {
  const account = await client.rpc.call(accountRpc.create, {
    email: `refresh-${randomUUID().slice(0, 8)}@medicalink.test`,
    password: PASSWORD,
    fullName: 'Refresh Tester',
    privilege: 'admin',
  });
  const verified = await client.rpc.call(authRpc.verify, {
    email: account.email,
    password: PASSWORD,
  });
  const issued = await client.rpc.call(refreshTokenRpc.issue, {
    accountId: account.id,
    tokenVersion: verified.tokenVersion,
    lifetime,
  });
  return { account, issued };
}

const rotate = (token: string) => client.rpc.call(refreshTokenRpc.rotate, { token });
const refusal = async (token: string) => (await rpcFailure(rotate(token))).envelope;

describe('refresh tokens', () => {
  it('issues opaque random tokens and stores only their SHA-256', async () => {
    const before = Date.now();
    const { account, issued } = await signedIn('remember');

    expect(issued.token).toMatch(/^mlrt_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(issued.expiresAt) - before).toBeGreaterThanOrEqual(
      REMEMBER_LIFETIME_SEC * 1_000 - 1_000,
    );
    expect(Date.parse(issued.expiresAt) - before).toBeLessThan(
      REMEMBER_LIFETIME_SEC * 1_000 + 5_000,
    );
    expect(Date.parse(issued.idleExpiresAt) - before).toBeLessThan(
      REMEMBER_IDLE_SEC * 1_000 + 5_000,
    );

    const rows = await db
      .selectFrom('refresh_tokens')
      .innerJoin('refresh_token_families', 'refresh_token_families.id', 'refresh_tokens.family_id')
      .select(['refresh_tokens.token_hash', 'refresh_token_families.lifetime'])
      .where('refresh_token_families.account_id', '=', account.id)
      .execute();
    expect(rows).toEqual([
      {
        token_hash: createHash('sha256').update(issued.token).digest(),
        lifetime: 'remember',
      },
    ]);
    // Nowhere in the database, in any column of any table, is the token itself.
    const { rows: found } = await sql<{ hits: number }>`
      select count(*)::int as hits from (
        select row_to_json(t)::text as text from refresh_tokens t
        union all select row_to_json(f)::text from refresh_token_families f
        union all select row_to_json(a)::text from accounts a
      ) everything where text like ${`%${issued.token.slice(5)}%`}`.execute(db);
    expect(found[0]?.hits).toBe(0);
  });

  it('rotates: each token is exchanged once for a successor and the account to sign for', async () => {
    const { account, issued } = await signedIn();

    const first = await rotate(issued.token);
    expect(first.account).toMatchObject({ id: account.id, privilege: 'admin', tokenVersion: 0 });
    expect(first.account).not.toHaveProperty('passwordHash');
    expect(first.refreshToken.token).not.toBe(issued.token);
    expect(first.refreshToken.expiresAt).toBe(issued.expiresAt); // the sign-in's end stays

    const second = await rotate(first.refreshToken.token);
    expect(second.refreshToken.token).not.toBe(first.refreshToken.token);
  });

  it('revokes the whole family when a rotated token is presented again (theft detection)', async () => {
    const { issued } = await signedIn();
    const legitimate = await rotate(issued.token);

    // A thief replays the token it stole before the legitimate client rotated it.
    expect(await refusal(issued.token)).toMatchObject({
      status: 401,
      code: 'REFRESH_TOKEN_REUSED',
      message: expect.stringMatching(/already used: every token of this sign-in is revoked/),
    });
    // The legitimate holder's current token died with the family, and so did the stolen one.
    expect(await refusal(legitimate.refreshToken.token)).toMatchObject({
      status: 401,
      code: 'REFRESH_TOKEN_REVOKED',
    });
    expect(await refusal(issued.token)).toMatchObject({ code: 'REFRESH_TOKEN_REVOKED' });
  });

  it('lets one of two concurrent rotations of a token win; the other revokes the family', async () => {
    const { issued } = await signedIn();

    const outcomes = await Promise.allSettled([rotate(issued.token), rotate(issued.token)]);

    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = outcomes.find((outcome) => outcome.status === 'rejected');
    expect((lost?.reason as { envelope?: { code?: string } }).envelope?.code).toBe(
      'REFRESH_TOKEN_REUSED',
    );
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof rotate>>>).value;
    expect(await refusal(winner.refreshToken.token)).toMatchObject({
      code: 'REFRESH_TOKEN_REVOKED',
    });
  });

  it('refuses an unknown token with 401, the same whatever it looks like', async () => {
    for (const token of ['mlrt_' + 'A'.repeat(43), 'not-a-token']) {
      expect(await refusal(token)).toMatchObject({
        status: 401,
        code: 'REFRESH_TOKEN_INVALID',
        message: 'Invalid refresh token',
      });
    }
  });

  it('ends a sign-in at its absolute lifetime however often it is renewed', async () => {
    const { issued } = await signedIn('session');
    let token = issued.token;
    const end = Date.parse(issued.expiresAt);
    // Renewed well within the idle lifetime each time, until past the absolute end.
    while (Date.now() < end) {
      token = (await rotate(token)).refreshToken.token;
      await sleep((SESSION_IDLE_SEC * 1_000) / 2);
    }
    expect(await refusal(token)).toMatchObject({
      status: 401,
      code: 'REFRESH_TOKEN_EXPIRED',
      details: { expiry: 'absolute' },
    });
  });

  it('refuses a token left unused past its idle lifetime', async () => {
    const { issued } = await signedIn('session');
    const renewed = await rotate(issued.token);
    expect(Date.parse(renewed.refreshToken.idleExpiresAt)).toBeLessThanOrEqual(
      Date.parse(renewed.refreshToken.expiresAt),
    );

    await sleep(SESSION_IDLE_SEC * 1_000 + 300);

    expect(await refusal(renewed.refreshToken.token)).toMatchObject({
      status: 401,
      code: 'REFRESH_TOKEN_EXPIRED',
      details: { expiry: 'idle' },
    });
  });

  it('revokes every sign-in of an account whose password changes', async () => {
    const { account, issued } = await signedIn();
    const other = await client.rpc.call(refreshTokenRpc.issue, {
      accountId: account.id,
      tokenVersion: 0,
      lifetime: 'session',
    });

    await client.rpc.call(authRpc.changePassword, {
      accountId: account.id,
      currentPassword: PASSWORD,
      newPassword: 'a brand new password',
    });

    for (const token of [issued.token, other.token]) {
      expect(await refusal(token)).toMatchObject({ status: 401, code: 'REFRESH_TOKEN_REVOKED' });
    }
  });

  it.each([
    ['deactivation', { isActive: false }],
    ['a privilege change', { privilege: 'owner' as const }],
  ])('revokes every sign-in on %s', async (_change, fields) => {
    const { account, issued } = await signedIn();

    await client.rpc.call(accountRpc.update, { id: account.id, fields, actor: MAIN_ACTOR });

    expect(await refusal(issued.token)).toMatchObject({
      status: 401,
      code: 'REFRESH_TOKEN_REVOKED',
    });
  });

  it('signs an account out everywhere: families revoked, token version raised, others untouched', async () => {
    const { account, issued } = await signedIn();
    const second = await client.rpc.call(refreshTokenRpc.issue, {
      accountId: account.id,
      tokenVersion: 0,
      lifetime: 'session',
    });
    const bystander = await signedIn();

    const result = await client.rpc.call(refreshTokenRpc.revokeAll, { accountId: account.id });

    expect(result).toEqual({ revokedFamilies: 2 });
    expect(await refusal(issued.token)).toMatchObject({ code: 'REFRESH_TOKEN_REVOKED' });
    expect(await refusal(second.token)).toMatchObject({ code: 'REFRESH_TOKEN_REVOKED' });
    const { state } = await client.rpc.call(authRpc.tokenState, { accountId: account.id });
    expect(state?.tokenVersion).toBe(1); // the gateway now refuses its access tokens
    await expect(rotate(bystander.issued.token)).resolves.toBeDefined();
    const families = await db
      .selectFrom('refresh_token_families')
      .select('revoked_reason')
      .where('account_id', '=', account.id)
      .execute();
    expect(families.map((family) => family.revoked_reason)).toEqual(['sign-out', 'sign-out']);
  });

  it('refuses to start a sign-in at a token version the account has left', async () => {
    const { account } = await signedIn();
    await client.rpc.call(refreshTokenRpc.revokeAll, { accountId: account.id });

    const stale = await rpcFailure(
      client.rpc.call(refreshTokenRpc.issue, {
        accountId: account.id,
        tokenVersion: 0,
        lifetime: 'session',
      }),
    );

    expect(stale.envelope).toMatchObject({ status: 401, code: 'REFRESH_TOKEN_REVOKED' });
  });
});
