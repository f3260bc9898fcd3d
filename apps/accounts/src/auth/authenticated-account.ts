import type { AuthenticatedAccount } from '@medicalink/contracts';
import type { Kysely } from '@medicalink/persistence';
import {
  toAccount,
  type AccountRow,
  type AccountsRepository,
} from '../accounts/accounts.repository';
import type { AccountsDatabase } from '../database/accounts.schema';

/** The account with its permissions and the token version to sign an access token at. */
export async function authenticatedAccount(
  db: Kysely<AccountsDatabase>,
  accounts: AccountsRepository,
  row: AccountRow,
): Promise<AuthenticatedAccount> {
  const permissions = await accounts.permissionsOf(db, [row.id]);
  return { ...toAccount(row, permissions.get(row.id) ?? []), tokenVersion: row.token_version };
}
