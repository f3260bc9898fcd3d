import { ForbiddenException } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { accountRpc, doctorCompositeRpc, type JwtClaims } from '@medicalink/contracts';
import type { RpcClient } from '@medicalink/messaging';
import type { TokenStates } from '../auth/token-states';
import { AccountsService } from './accounts.service';

const OWNER_ID = '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f';
const OTHER_ID = '0b8e8a57-6c5d-4a8e-9d3f-7c1b2a3d4e5f';
const caller = (privilege: JwtClaims['privilege'], sub = OWNER_ID): JwtClaims => ({
  sub,
  email: `${privilege}@medicalink.local`,
  privilege,
  iat: 0,
  exp: 1,
});
const newAccount = {
  email: 'new@medicalink.local',
  password: 'long-enough-pw',
  fullName: 'New Person',
};

function service(target: JwtClaims['privilege'] = 'owner') {
  const call = vi.fn().mockResolvedValue({ id: OTHER_ID, privilege: target });
  const forget = vi.fn();
  const accounts = new AccountsService(
    { call } as unknown as RpcClient,
    { forget } as unknown as TokenStates,
  );
  return { accounts, call, forget };
}

describe('AccountsService', () => {
  it.each([
    ['admin', 'main'],
    ['owner', 'admin'],
  ] as const)('refuses a %s creating a %s account', async (mine, theirs) => {
    const { accounts, call } = service();

    await expect(
      accounts.create(caller(mine), { ...newAccount, privilege: theirs }),
    ).rejects.toBeInstanceOf(ForbiddenException);
    expect(call).not.toHaveBeenCalled();
  });

  it.each([
    ['admin', 'admin'],
    ['main', 'main'],
    ['main', 'owner'],
  ] as const)('lets a %s create a %s account', async (mine, theirs) => {
    const { accounts, call } = service();

    await accounts.create(caller(mine), { ...newAccount, privilege: theirs });

    expect(call).toHaveBeenCalledWith(accountRpc.create, { ...newAccount, privilege: theirs }, {});
  });

  it("scopes the Idempotency-Key to the caller, so two callers' keys never collide", async () => {
    const { accounts, call } = service();

    await accounts.create(caller('main'), { ...newAccount, privilege: 'owner' }, 'key-1');

    expect(call).toHaveBeenCalledWith(accountRpc.create, expect.anything(), {
      idempotencyKey: `${OWNER_ID}:key-1`,
    });
  });

  it('lets an owner read only its own account (403 for another, without asking)', async () => {
    const { accounts, call } = service();
    const owner = caller('owner');

    await accounts.get(owner, OWNER_ID);
    await expect(accounts.get(owner, OTHER_ID)).rejects.toBeInstanceOf(ForbiddenException);

    expect(call.mock.calls).toEqual([[accountRpc.get, { id: OWNER_ID }]]);
  });

  it.each(['owner', 'admin', 'main'] as const)(
    "passes a %s's change with the caller as actor: the accounts service decides",
    async (privilege) => {
      const { accounts, call } = service();

      await accounts.update(caller(privilege), OTHER_ID, { membershipExpiresAt: null });

      expect(call).toHaveBeenCalledWith(doctorCompositeRpc.updateAccount, {
        id: OTHER_ID,
        fields: { membershipExpiresAt: null },
        actor: { id: OWNER_ID, privilege },
      });
    },
  );

  it('deactivates with the caller as actor, and drops the cached token state at once', async () => {
    const { accounts, call, forget } = service('admin');

    await accounts.update(caller('main'), OTHER_ID, { privilege: 'owner' });
    await accounts.update(caller('main'), OTHER_ID, { fullName: 'Same Tokens' });
    await accounts.deactivate(caller('main'), OTHER_ID);

    expect(call).toHaveBeenCalledWith(doctorCompositeRpc.updateAccount, {
      id: OTHER_ID,
      fields: { isActive: false },
      actor: { id: OWNER_ID, privilege: 'main' },
    });
    expect(forget).toHaveBeenCalledTimes(2);
  });
});
