import { describe, expect, it } from 'vitest';
import type { AccountActor } from '@medicalink/contracts';
import { assertMayAsk, assertMayChange } from './account-change-rules';

const SELF = '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f';
const OTHER = '0b8e8a57-6c5d-4a8e-9d3f-7c1b2a3d4e5f';
const actor = (privilege: AccountActor['privilege']): AccountActor => ({ id: SELF, privilege });

describe('who may change an account', () => {
  it('lets an owner change its own profile fields only', () => {
    expect(() => assertMayAsk(actor('owner'), SELF, { fullName: 'A', phone: null })).not.toThrow();
    for (const fields of [
      { membershipExpiresAt: '2099-01-01T00:00:00.000Z' },
      { businessId: 'OT-1' },
      { isActive: false },
      { privilege: 'owner' as const },
    ]) {
      expect(() => assertMayAsk(actor('owner'), SELF, fields)).toThrow(
        `Only admin and main may change ${Object.keys(fields)[0]}`,
      );
    }
  });

  it("refuses an owner anyone else's account, whatever the field", () => {
    expect(() => assertMayAsk(actor('owner'), OTHER, { fullName: 'A' })).toThrow(
      expect.objectContaining({ code: 'ACCOUNT_CHANGE_FORBIDDEN', status: 403 }),
    );
  });

  it('never lets an admin change a main account, whatever the field', () => {
    for (const fields of [{ fullName: 'X' }, { businessId: 'OT-1' }, { isActive: false }]) {
      expect(() => assertMayChange(actor('admin'), { privilege: 'main' }, fields)).toThrow(
        'An admin may not change a main account',
      );
    }
    expect(() =>
      assertMayChange(actor('admin'), { privilege: 'admin' }, { businessId: 'OT-1' }),
    ).not.toThrow();
    expect(() =>
      assertMayChange(actor('main'), { privilege: 'main' }, { businessId: 'OT-1' }),
    ).not.toThrow();
  });

  it('refuses granting a privilege above your own', () => {
    expect(() =>
      assertMayChange(actor('admin'), { privilege: 'owner' }, { privilege: 'main' }),
    ).toThrow('Cannot grant a privilege above your own');
    expect(() =>
      assertMayChange(actor('admin'), { privilege: 'owner' }, { privilege: 'admin' }),
    ).not.toThrow();
  });
});
