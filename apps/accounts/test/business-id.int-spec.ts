import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accountRpc } from '@medicalink/contracts';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  rpcFailure,
  type TestClient,
} from '@medicalink/testing';
import { startAccounts } from '../src/start';

/** changes made on behalf of a main account (the highest rank: every change allowed) */
const MAIN_ACTOR = { id: randomUUID(), privilege: 'main' } as const;
const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'accb');
let service: RunningService;
let client: TestClient;

beforeAll(async () => {
  service = await startAccounts(
    namespace.env({ ACCOUNTS_HTTP_PORT: '0', PASSWORD_HASH_COST: '1024' }),
  );
  client = await createTestClient(namespace);
});

afterAll(async () => {
  await client?.close();
  await service?.close();
  await namespace.cleanup();
});

const create = (businessId?: string) =>
  client.rpc.call(accountRpc.create, {
    email: `b-${randomUUID().slice(0, 8)}@medicalink.test`,
    password: 'a long enough password',
    fullName: 'Business Person',
    ...(businessId ? { businessId } : {}),
  });

describe('account business ids', () => {
  it('are optional and unique, and find their account', async () => {
    const businessId = `OT-${randomUUID().slice(0, 8)}`;
    const account = await create(businessId);
    expect(account.businessId).toBe(businessId);
    expect((await create()).businessId).toBeNull();
    expect(await create()).toMatchObject({ businessId: null });

    const taken = await rpcFailure(create(businessId));
    expect(taken).toMatchObject({ code: 'ACCOUNT_BUSINESS_ID_TAKEN', status: 409 });

    const found = await client.rpc.call(accountRpc.findByBusinessId, { businessId });
    expect(found.account?.id).toBe(account.id);
    const none = await client.rpc.call(accountRpc.findByBusinessId, { businessId: 'nobody' });
    expect(none.account).toBeNull();
  });

  it('are set, moved and cleared by update, never onto a taken one', async () => {
    const first = await create(`OT-${randomUUID().slice(0, 8)}`);
    const second = await create();
    const taken = await rpcFailure(
      client.rpc.call(accountRpc.update, {
        id: second.id,
        fields: { businessId: first.businessId },
        actor: MAIN_ACTOR,
      }),
    );
    expect(taken).toMatchObject({ code: 'ACCOUNT_BUSINESS_ID_TAKEN', status: 409 });
    const cleared = await client.rpc.call(accountRpc.update, {
      id: first.id,
      fields: { businessId: null },
      actor: MAIN_ACTOR,
    });
    expect(cleared.businessId).toBeNull();
    const moved = await client.rpc.call(accountRpc.update, {
      id: second.id,
      fields: { businessId: first.businessId },
      actor: MAIN_ACTOR,
    });
    expect(moved.businessId).toBe(first.businessId);
  });
});
