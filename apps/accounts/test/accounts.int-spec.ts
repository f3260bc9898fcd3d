import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  accountRpc,
  authRpc,
  permissionsRpc,
  staffAccountCreated,
  staffAccountDeleted,
  staffAccountUpdated,
  TransportErrorCode,
} from '@medicalink/contracts';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  probeEvents,
  type EventProbe,
  type TestClient,
  rpcFailure,
} from '@medicalink/testing';
import type { AccountsDatabase } from '../src/database/accounts.schema';
import { startAccounts } from '../src/start';

/** changes made on behalf of a main account (the highest rank: every change allowed) */
const MAIN_ACTOR = { id: randomUUID(), privilege: 'main' } as const;
const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'acc');
let service: RunningService;
let client: TestClient;
let db: Kysely<AccountsDatabase>;
let events: EventProbe;

const ADMIN = { email: 'root@medicalink.test', password: 'bootstrap-password-1' };

beforeAll(async () => {
  events = await probeEvents(infrastructure.rabbitmqUrl, namespace.prefix, [
    staffAccountCreated.name,
    staffAccountUpdated.name,
    staffAccountDeleted.name,
  ]);
  service = await startAccounts(
    namespace.env({
      ACCOUNTS_HTTP_PORT: '0',
      PASSWORD_HASH_COST: '1024',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    }),
  );
  client = await createTestClient(namespace);
  db = createDatabase<AccountsDatabase>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('accounts')),
  );
});

afterAll(async () => {
  await events?.close();
  await client?.close();
  await db?.destroy();
  await service?.close();
  await namespace.cleanup();
});

const newAccount = (overrides: Partial<{ email: string; fullName: string }> = {}) => ({
  email: `user-${randomUUID().slice(0, 8)}@medicalink.test`,
  password: 'correct horse battery',
  fullName: 'Ada Lovelace',
  ...overrides,
});

describe('accounts service', () => {
  it('created the bootstrap main account on first start', async () => {
    const { account } = await client.rpc.call(accountRpc.findByEmail, { email: ADMIN.email });
    expect(account).toMatchObject({ email: ADMIN.email, privilege: 'main', isActive: true });
  });

  it('creates, reads one and many, and finds by email case-insensitively', async () => {
    const created = await client.rpc.call(accountRpc.create, {
      ...newAccount({ email: 'Grace.Hopper@MedicaLink.test' }),
      dob: '1906-12-09',
      phone: '+1 555 0100',
    });
    expect(created).toMatchObject({
      email: 'grace.hopper@medicalink.test',
      fullName: 'Ada Lovelace',
      dob: '1906-12-09',
      privilege: 'owner',
      permissions: [],
    });
    expect(JSON.stringify(created)).not.toMatch(/password|scrypt/i);
    expect(await client.rpc.call(accountRpc.get, { id: created.id })).toEqual(created);
    const { accounts } = await client.rpc.call(accountRpc.getMany, {
      ids: [created.id, randomUUID()],
    });
    expect(accounts).toEqual([created]);
    const { account } = await client.rpc.call(accountRpc.findByEmail, {
      email: 'GRACE.hopper@medicalink.test',
    });
    expect(account?.id).toBe(created.id);

    const event = await events.waitFor(
      staffAccountCreated.name,
      (body) => body['accountId'] === created.id,
    );
    expect(event.body).toMatchObject({ email: 'grace.hopper@medicalink.test', privilege: 'owner' });
    expect(event.properties.messageId).toEqual(expect.any(String));
  });

  it('refuses a second account with the same email in any case: 409 ACCOUNT_EMAIL_TAKEN', async () => {
    const first = newAccount();
    await client.rpc.call(accountRpc.create, first);
    const error = await rpcFailure(
      client.rpc.call(accountRpc.create, { ...first, email: first.email.toUpperCase() }),
    );
    expect(error.envelope).toMatchObject({
      code: 'ACCOUNT_EMAIL_TAKEN',
      status: 409,
      details: { field: 'email' },
    });
  });

  it('returns the first reply for a create retried with the same idempotency key, creating one row', async () => {
    const request = newAccount();
    const key = `saga-${randomUUID()}:createAccount`;
    const [a, b] = await Promise.all([
      client.rpc.call(accountRpc.create, request, { idempotencyKey: key }),
      client.rpc.call(accountRpc.create, request, { idempotencyKey: key }),
    ]);
    const c = await client.rpc.call(accountRpc.create, request, { idempotencyKey: key });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const rows = await db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', request.email)
      .execute();
    expect(rows).toHaveLength(1);
    const reused = await rpcFailure(
      client.rpc.call(
        accountRpc.create,
        { ...request, fullName: 'Someone Else' },
        { idempotencyKey: key },
      ),
    );
    expect(reused.envelope).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
  });

  it('updates fields, reports what changed in staff.account.updated, and skips no-op updates', async () => {
    const account = await client.rpc.call(accountRpc.create, newAccount());
    const updated = await client.rpc.call(accountRpc.update, {
      id: account.id,
      fields: {
        fullName: 'Ada King',
        phone: null,
        membershipExpiresAt: '2030-01-01T00:00:00.000Z',
      },
      actor: MAIN_ACTOR,
    });
    expect(updated).toMatchObject({
      fullName: 'Ada King',
      membershipExpiresAt: '2030-01-01T00:00:00.000Z',
    });
    const event = await events.waitFor(
      staffAccountUpdated.name,
      (body) => body['accountId'] === account.id,
    );
    expect(event.body).toMatchObject({ fullName: 'Ada King' });
    expect((event.body as { changed: string[] }).changed.sort()).toEqual([
      'fullName',
      'membershipExpiresAt',
    ]);

    await client.rpc.call(accountRpc.update, {
      id: account.id,
      fields: { fullName: 'Ada King' },
      actor: MAIN_ACTOR,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      events.matching(staffAccountUpdated.name, (body) => body['accountId'] === account.id),
    ).toHaveLength(1);
    const missing = await rpcFailure(
      client.rpc.call(accountRpc.update, {
        id: randomUUID(),
        fields: { fullName: 'X' },
        actor: MAIN_ACTOR,
      }),
    );
    expect(missing.envelope).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', status: 404 });
    const empty = await rpcFailure(
      client.rpc.call(accountRpc.update, { id: account.id, fields: {}, actor: MAIN_ACTOR }),
    );
    expect(empty.code).toBe(TransportErrorCode.ValidationFailed);
  });

  it('applies one rank rule to every change, whoever routes it: an admin never changes a main account', async () => {
    const main = await client.rpc.call(accountRpc.create, { ...newAccount(), privilege: 'main' });
    const admin = await client.rpc.call(accountRpc.create, { ...newAccount(), privilege: 'admin' });
    const owner = await client.rpc.call(accountRpc.create, newAccount());
    const asAdmin = { id: admin.id, privilege: 'admin' } as const;
    const asOwner = { id: owner.id, privilege: 'owner' } as const;
    const refusals = await Promise.all(
      [
        // what the education workflow's link step asks on an admin's behalf
        { id: main.id, fields: { businessId: `OT-${randomUUID().slice(0, 8)}` }, actor: asAdmin },
        { id: main.id, fields: { fullName: 'Renamed' }, actor: asAdmin },
        { id: owner.id, fields: { privilege: 'main' as const }, actor: asAdmin },
        {
          id: owner.id,
          fields: { membershipExpiresAt: '2099-01-01T00:00:00.000Z' },
          actor: asOwner,
        },
        { id: main.id, fields: { fullName: 'Renamed' }, actor: asOwner },
      ].map((request) => rpcFailure(client.rpc.call(accountRpc.update, request))),
    );
    for (const refusal of refusals) {
      expect(refusal.envelope).toMatchObject({ code: 'ACCOUNT_CHANGE_FORBIDDEN', status: 403 });
    }
    expect(refusals[3]?.message).toBe('Only admin and main may change membershipExpiresAt');
    expect(await client.rpc.call(accountRpc.get, { id: main.id })).toMatchObject({
      fullName: main.fullName,
      businessId: null,
    });
    expect(
      (await client.rpc.call(accountRpc.get, { id: owner.id })).membershipExpiresAt,
    ).toBeNull();

    const renamed = await client.rpc.call(accountRpc.update, {
      id: owner.id,
      fields: { fullName: 'Own Name', phone: '+1 555 0101' },
      actor: asOwner,
    });
    expect(renamed).toMatchObject({ fullName: 'Own Name', phone: '+1 555 0101' });
    const granted = await client.rpc.call(accountRpc.update, {
      id: owner.id,
      fields: { membershipExpiresAt: '2099-01-01T00:00:00.000Z', privilege: 'admin' },
      actor: asAdmin,
    });
    expect(granted).toMatchObject({ privilege: 'admin' });
  });

  it('deletes idempotently: the second delete succeeds and emits nothing', async () => {
    const account = await client.rpc.call(accountRpc.create, newAccount());
    expect(await client.rpc.call(accountRpc.delete, { id: account.id })).toEqual({ deleted: true });
    expect(await client.rpc.call(accountRpc.delete, { id: account.id })).toEqual({
      deleted: false,
    });
    await events.waitFor(staffAccountDeleted.name, (body) => body['accountId'] === account.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      events.matching(staffAccountDeleted.name, (body) => body['accountId'] === account.id),
    ).toHaveLength(1);
    const gone = await rpcFailure(client.rpc.call(accountRpc.get, { id: account.id }));
    expect(gone.envelope.status).toBe(404);
    // A create for that id arriving late (say, a saga step queued before its compensation) is refused.
    const late = await rpcFailure(
      client.rpc.call(accountRpc.create, { ...newAccount(), id: account.id }),
    );
    expect(late.envelope).toMatchObject({ code: 'ACCOUNT_ID_RETIRED', status: 409 });
  });

  it('answers a malformed id with a 400 naming the field, not a database error', async () => {
    const error = await rpcFailure(client.rpc.call(accountRpc.get, { id: 'not-a-uuid' }));
    expect(error.envelope).toMatchObject({
      code: TransportErrorCode.ValidationFailed,
      status: 400,
    });
    expect(error.message).toContain('id');
  });

  it('assigns and revokes catalog permissions; unknown ones are UNKNOWN_PERMISSION', async () => {
    const account = await client.rpc.call(accountRpc.create, newAccount());
    const assigned = await client.rpc.call(permissionsRpc.assign, {
      accountId: account.id,
      permissions: ['doctor:read', 'schedule:write', 'doctor:read'],
    });
    expect(assigned.permissions).toEqual(['doctor:read', 'schedule:write']);
    expect((await client.rpc.call(accountRpc.get, { id: account.id })).permissions).toEqual([
      'doctor:read',
      'schedule:write',
    ]);

    const unknown = await rpcFailure(
      client.rpc.call(permissionsRpc.assign, {
        accountId: account.id,
        permissions: ['doctor:read', 'root:everything'],
      }),
    );
    expect(unknown.envelope).toMatchObject({
      code: 'UNKNOWN_PERMISSION',
      status: 400,
      details: { unknown: ['root:everything'] },
    });

    const revoked = await client.rpc.call(permissionsRpc.revoke, {
      accountId: account.id,
      permissions: ['schedule:write'],
    });
    expect(revoked.permissions).toEqual(['doctor:read']);
    const missing = await rpcFailure(
      client.rpc.call(permissionsRpc.assign, {
        accountId: randomUUID(),
        permissions: ['doctor:read'],
      }),
    );
    expect(missing.envelope).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', status: 404 });
    // Revoking from an account that is gone succeeds: compensations may run in any order.
    expect(
      await client.rpc.call(permissionsRpc.revoke, {
        accountId: randomUUID(),
        permissions: ['doctor:read'],
      }),
    ).toMatchObject({
      permissions: [],
    });
  });

  it('verifies credentials, with one answer for an unknown email and a wrong password', async () => {
    const request = newAccount();
    const account = await client.rpc.call(accountRpc.create, request);
    const verified = await client.rpc.call(authRpc.verify, {
      email: request.email.toUpperCase(),
      password: request.password,
    });
    expect(verified.id).toBe(account.id);

    const wrongPassword = await rpcFailure(
      client.rpc.call(authRpc.verify, { email: request.email, password: 'wrong password!' }),
    );
    const unknownEmail = await rpcFailure(
      client.rpc.call(authRpc.verify, {
        email: 'nobody@medicalink.test',
        password: request.password,
      }),
    );
    expect(wrongPassword.envelope).toEqual(unknownEmail.envelope);
    expect(wrongPassword.envelope).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });

    await client.rpc.call(accountRpc.update, {
      id: account.id,
      fields: { isActive: false },
      actor: MAIN_ACTOR,
    });
    const inactive = await rpcFailure(
      client.rpc.call(authRpc.verify, { email: request.email, password: request.password }),
    );
    expect(inactive.envelope).toEqual(unknownEmail.envelope);
  });

  it('stores only a salted scrypt hash', async () => {
    const request = newAccount();
    await client.rpc.call(accountRpc.create, request);
    await client.rpc.call(accountRpc.create, { ...newAccount(), password: request.password });
    const hashes = await db
      .selectFrom('accounts')
      .select('password_hash')
      .orderBy('created_at', 'desc')
      .limit(2)
      .execute();
    expect(hashes[0]?.password_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(hashes[0]?.password_hash).not.toContain(request.password);
    expect(hashes[0]?.password_hash).not.toBe(hashes[1]?.password_hash);
  });
});
