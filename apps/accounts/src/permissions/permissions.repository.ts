import { Injectable } from '@nestjs/common';
import type { Kysely } from '@medicalink/persistence';
import type { AccountsDatabase } from '../database/accounts.schema';

type Db = Kysely<AccountsDatabase>;

@Injectable()
export class PermissionsRepository {
  /** Inserts or refreshes the catalog; never removes a permission accounts may hold. */
  async upsertCatalog(db: Db, catalog: Record<string, string>): Promise<void> {
    const rows = Object.entries(catalog).map(([name, description]) => ({ name, description }));
    await db
      .insertInto('permissions')
      .values(rows)
      .onConflict((conflict) =>
        conflict
          .column('name')
          .doUpdateSet((eb) => ({ description: eb.ref('excluded.description') })),
      )
      .execute();
  }

  async grant(db: Db, accountId: string, permissions: readonly string[]): Promise<void> {
    await db
      .insertInto('account_permissions')
      .values(permissions.map((permission) => ({ account_id: accountId, permission })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  async revoke(db: Db, accountId: string, permissions: readonly string[]): Promise<void> {
    await db
      .deleteFrom('account_permissions')
      .where('account_id', '=', accountId)
      .where('permission', 'in', permissions)
      .execute();
  }
}
