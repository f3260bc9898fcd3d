import { Injectable } from '@nestjs/common';
import type { Account, ListAccountsQuery } from '@medicalink/contracts';
import {
  containsPattern,
  selectPage,
  type Insertable,
  type Kysely,
  type Selectable,
  type Updateable,
} from '@medicalink/persistence';
import type { AccountsDatabase, AccountsTable } from '../database/accounts.schema';

export type AccountRow = Selectable<AccountsTable>;
type Db = Kysely<AccountsDatabase>;

/**
 * Every column, named rather than `*`: a statement naming its columns stays a prepared statement
 * (libs/persistence, StatementNames), and keeps its shape when a migration adds a column.
 */
export const ACCOUNT_COLUMNS = [
  'id',
  'email',
  'password_hash',
  'full_name',
  'dob',
  'phone',
  'privilege',
  'organization_id',
  'business_id',
  'membership_expires_at',
  'is_active',
  'token_version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof AccountsTable)[];

/** SQL for accounts; every method takes the connection or transaction to run on. */
@Injectable()
export class AccountsRepository {
  async insert(db: Db, values: Insertable<AccountsTable>): Promise<AccountRow> {
    return db
      .insertInto('accounts')
      .values(values)
      .returning(ACCOUNT_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async findById(db: Db, id: string): Promise<AccountRow | undefined> {
    return db
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findByIds(db: Db, ids: readonly string[]): Promise<AccountRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', 'in', ids).execute();
  }

  async findByEmail(db: Db, email: string): Promise<AccountRow | undefined> {
    return db
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .where('email', '=', email)
      .executeTakeFirst();
  }

  async findByBusinessId(db: Db, businessId: string): Promise<AccountRow | undefined> {
    return db
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .where('business_id', '=', businessId)
      .executeTakeFirst();
  }

  /** One page of the accounts matching the filters, newest first, and how many match in all. */
  async list(db: Db, query: ListAccountsQuery): Promise<{ rows: AccountRow[]; total: number }> {
    let filtered = db.selectFrom('accounts');
    if (query.privilege) filtered = filtered.where('privilege', '=', query.privilege);
    if (query.status && query.status !== 'all') {
      filtered = filtered.where('is_active', '=', query.status === 'active');
    }
    if (query.search) {
      const pattern = containsPattern(query.search);
      filtered = filtered.where((eb) =>
        eb.or([
          eb('email', 'ilike', pattern),
          eb('full_name', 'ilike', pattern),
          eb('business_id', 'ilike', pattern),
        ]),
      );
    }
    return selectPage(
      filtered,
      (page) => page.select(ACCOUNT_COLUMNS).orderBy('created_at', 'desc').orderBy('id'),
      query,
    );
  }

  /** Locks the row for the rest of the transaction, so concurrent updates see each other. */
  async findByIdForUpdate(db: Db, id: string): Promise<AccountRow | undefined> {
    return db
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async update(db: Db, id: string, values: Updateable<AccountsTable>): Promise<AccountRow> {
    return db
      .updateTable('accounts')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', id)
      .returning(ACCOUNT_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async delete(db: Db, id: string): Promise<boolean> {
    const result = await db.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Permission names per account id, for the given accounts. */
  async permissionsOf(db: Db, accountIds: readonly string[]): Promise<Map<string, string[]>> {
    const byAccount = new Map<string, string[]>(accountIds.map((id) => [id, []]));
    if (accountIds.length === 0) return byAccount;
    const rows = await db
      .selectFrom('account_permissions')
      .select(['account_id', 'permission'])
      .where('account_id', 'in', accountIds)
      .orderBy('permission')
      .execute();
    for (const row of rows) byAccount.get(row.account_id)?.push(row.permission);
    return byAccount;
  }
}

/** The public shape of an account: everything but the password hash. */
export function toAccount(row: AccountRow, permissions: string[]): Account {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    dob: row.dob,
    phone: row.phone,
    privilege: row.privilege,
    organizationId: row.organization_id,
    businessId: row.business_id,
    membershipExpiresAt: row.membership_expires_at?.toISOString() ?? null,
    isActive: row.is_active,
    permissions,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
