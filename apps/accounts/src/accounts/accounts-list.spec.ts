import { describe, expect, it, vi } from 'vitest';
import { ListAccountsQuery } from '@medicalink/contracts';
import type { Kysely, OutboxRelay } from '@medicalink/persistence';
import type { AccountsDatabase } from '../database/accounts.schema';
import type { AccountRow, AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import type { PasswordHasher } from './password-hasher';

const row = (id: string, privilege: AccountRow['privilege']): AccountRow => ({
  id,
  email: `${privilege}@medicalink.local`,
  password_hash: '$argon2id$v=19$secret',
  full_name: `A ${privilege}`,
  dob: null,
  phone: null,
  privilege,
  organization_id: null,
  business_id: privilege === 'owner' ? 'OT-1' : null,
  membership_expires_at: null,
  is_active: true,
  token_version: 3,
  created_at: new Date('2026-12-01T10:00:00Z'),
  updated_at: new Date('2026-12-01T10:00:00Z'),
});

function accountsWith(rows: AccountRow[], total: number) {
  const list = vi.fn().mockResolvedValue({ rows, total });
  const permissionsOf = vi.fn(
    async (_db: unknown, ids: readonly string[]) =>
      new Map(ids.map((id) => [id, id === 'a1' ? ['doctor:read'] : []])),
  );
  const service = new AccountsService(
    {} as Kysely<AccountsDatabase>,
    { list, permissionsOf } as unknown as AccountsRepository,
    {} as PasswordHasher,
    {} as OutboxRelay,
  );
  return { service, list, permissionsOf };
}

describe('AccountsService.list', () => {
  it('answers a page of accounts with their permissions and never a password hash', async () => {
    const { service, list } = accountsWith([row('a1', 'owner'), row('a2', 'main')], 7);
    const query = ListAccountsQuery.parse({
      search: ' ot-1 ',
      privilege: 'owner',
      limit: '2',
      page: '2',
    });

    const page = await service.list(query);

    expect(list).toHaveBeenCalledWith(expect.anything(), {
      search: 'ot-1',
      privilege: 'owner',
      page: 2,
      limit: 2,
    });
    expect(page.data.map((account) => [account.id, account.permissions])).toEqual([
      ['a1', ['doctor:read']],
      ['a2', []],
    ]);
    expect(JSON.stringify(page)).not.toMatch(/argon2|password|token_version/);
    expect(page.meta).toEqual({
      page: 2,
      limit: 2,
      total: 7,
      totalPages: 4,
      hasNext: true,
      hasPrev: true,
    });
  });

  it('refuses unknown filters and values, and takes empty ones as not given', () => {
    expect(ListAccountsQuery.safeParse({ privilege: 'root' }).success).toBe(false);
    expect(ListAccountsQuery.safeParse({ status: 'gone' }).success).toBe(false);
    expect(ListAccountsQuery.safeParse({ role: 'admin' }).success).toBe(false);
    expect(ListAccountsQuery.parse({ search: '', status: '' })).toEqual({ page: 1, limit: 20 });
  });
});
