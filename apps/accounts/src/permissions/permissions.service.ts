import { Inject, Injectable } from '@nestjs/common';
import { AccountsErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/messaging';
import type { Kysely } from '@medicalink/persistence';
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
    return this.db.transaction().execute(async (trx) => {
      const unique = [...new Set(names)];
      const known = await this.permissions.existing(trx, unique);
      const unknown = unique.filter((name) => !known.has(name));
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
      if (!(await this.accounts.findByIdForUpdate(trx, accountId)))
        throw accountNotFound(accountId);
      await this.permissions.grant(trx, accountId, unique);
      return this.current(trx, accountId);
    });
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
