import { Inject, Injectable } from '@nestjs/common';
import { AccountsErrorCode, PERMISSION_CATALOG } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { isForeignKeyViolation, type Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import { accountNotFound } from '../accounts/accounts.errors';
import { AccountsRepository } from '../accounts/accounts.repository';
import type { AccountsDatabase } from '../database/accounts.schema';
import { PermissionsRepository } from './permissions.repository';

export interface AccountPermissions {
  accountId: string;
  permissions: string[];
}

@Injectable()
export class PermissionsService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<AccountsDatabase>,
    private readonly permissions: PermissionsRepository,
    private readonly accounts: AccountsRepository,
  ) {}

  async assign(accountId: string, names: readonly string[]): Promise<AccountPermissions> {
    const unique = [...new Set(names)];
    // The catalog table is seeded from PERMISSION_CATALOG at start, so it is checked here
    // without a query; the foreign keys still guard the table itself.
    const unknown = unique.filter((name) => !Object.hasOwn(PERMISSION_CATALOG, name));
    if (unknown.length > 0) {
      throw new DomainError(
        AccountsErrorCode.UnknownPermission,
        `Unknown permission: ${unknown.join(', ')}`,
        400,
        {
          unknown,
        },
      );
    }
    try {
      // One statement, so no transaction around it: the grant and the read of what is held.
      const permissions = await this.permissions.grantAndList(this.db, accountId, unique);
      return { accountId, permissions };
    } catch (error) {
      // The grant's key-share lock on the account also keeps a concurrent delete waiting.
      if (isForeignKeyViolation(error, 'account_permissions_account_id_fkey'))
        throw accountNotFound(accountId);
      throw error;
    }
  }

  /** Idempotent, and succeeds for an account that is gone (saga compensation order varies). */
  async revoke(accountId: string, names: readonly string[]): Promise<AccountPermissions> {
    return this.db.transaction().execute(async (trx) => {
      await this.permissions.revoke(trx, accountId, [...new Set(names)]);
      return this.current(trx, accountId);
    });
  }

  private async current(
    db: Kysely<AccountsDatabase>,
    accountId: string,
  ): Promise<AccountPermissions> {
    const byAccount = await this.accounts.permissionsOf(db, [accountId]);
    return { accountId, permissions: byAccount.get(accountId) ?? [] };
  }
}
