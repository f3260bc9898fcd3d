import { Injectable } from '@nestjs/common';
import { sql, type Kysely } from '@medicalink/persistence';
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

  /**
   * Grants and returns every permission the account then holds, sorted, in one statement. The
   * requested ones are in the reply by name: a grant that a concurrent transaction committed
   * after this statement's snapshot is held, but neither inserted here nor visible to the read.
   */
  async grantAndList(db: Db, accountId: string, permissions: readonly string[]): Promise<string[]> {
    const { rows } = await sql<{ permission: string }>`
      WITH granted AS (
        INSERT INTO account_permissions (account_id, permission)
        SELECT ${accountId}::uuid, p FROM unnest(${[...permissions]}::text[]) AS p
        ON CONFLICT DO NOTHING
      )
      SELECT p AS permission FROM unnest(${[...permissions]}::text[]) AS p
      UNION
      SELECT permission FROM account_permissions WHERE account_id = ${accountId}::uuid
      ORDER BY permission
    `.execute(db);
    return rows.map((row) => row.permission);
  }

  async revoke(db: Db, accountId: string, permissions: readonly string[]): Promise<void> {
    await db
      .deleteFrom('account_permissions')
      .where('account_id', '=', accountId)
      .where('permission', 'in', permissions)
      .execute();
  }
}
