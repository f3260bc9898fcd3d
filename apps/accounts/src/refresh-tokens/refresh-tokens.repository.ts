import { Injectable } from '@nestjs/common';
import type { Insertable, Kysely, Selectable } from '@medicalink/persistence';
import type {
  AccountsDatabase,
  RefreshTokenFamiliesTable,
  RefreshTokensTable,
} from '../database/accounts.schema';

type Db = Kysely<AccountsDatabase>;
export type FamilyRow = Selectable<RefreshTokenFamiliesTable>;
export type TokenRow = Selectable<RefreshTokensTable>;

/** Every column, named: a `select *` is not sent as a prepared statement (libs/persistence). */
const REFRESH_TOKEN_FAMILY_COLUMNS = [
  'id',
  'account_id',
  'lifetime',
  'token_version',
  'created_at',
  'expires_at',
  'idle_sec',
  'revoked_at',
  'revoked_reason',
] as const satisfies readonly (keyof RefreshTokenFamiliesTable)[];

const REFRESH_TOKEN_COLUMNS = [
  'token_hash',
  'family_id',
  'issued_at',
  'used_at',
] as const satisfies readonly (keyof RefreshTokensTable)[];

/** SQL for refresh-token families and their tokens; every method takes the connection to use. */
@Injectable()
export class RefreshTokensRepository {
  async insertFamily(db: Db, values: Insertable<RefreshTokenFamiliesTable>): Promise<FamilyRow> {
    return db
      .insertInto('refresh_token_families')
      .values(values)
      .returning(REFRESH_TOKEN_FAMILY_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async insertToken(db: Db, values: Insertable<RefreshTokensTable>): Promise<TokenRow> {
    return db
      .insertInto('refresh_tokens')
      .values(values)
      .returning(REFRESH_TOKEN_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  /**
   * The token with this hash and its family, the family locked for the rest of the
   * transaction: two rotations of one family run one after the other, never side by side.
   */
  async findTokenForRotation(
    db: Db,
    tokenHash: Buffer,
  ): Promise<{ token: TokenRow; family: FamilyRow } | undefined> {
    const token = await db
      .selectFrom('refresh_tokens')
      .select(REFRESH_TOKEN_COLUMNS)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!token) return undefined;
    const family = await db
      .selectFrom('refresh_token_families')
      .select(REFRESH_TOKEN_FAMILY_COLUMNS)
      .where('id', '=', token.family_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // Read again under the lock: a rotation that held it may have used the token meanwhile.
    const locked = await db
      .selectFrom('refresh_tokens')
      .select(REFRESH_TOKEN_COLUMNS)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirstOrThrow();
    return { token: locked, family };
  }

  async markUsed(db: Db, tokenHash: Buffer, at: Date): Promise<void> {
    await db
      .updateTable('refresh_tokens')
      .set({ used_at: at })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  async revokeFamily(db: Db, familyId: string, reason: string, at: Date): Promise<void> {
    await db
      .updateTable('refresh_token_families')
      .set({ revoked_at: at, revoked_reason: reason })
      .where('id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Revokes every live family of the account; the number revoked. */
  async revokeAccountFamilies(
    db: Db,
    accountId: string,
    reason: string,
    at: Date,
  ): Promise<number> {
    const result = await db
      .updateTable('refresh_token_families')
      .set({ revoked_at: at, revoked_reason: reason })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Ends the account's access tokens (the gateway refuses older versions); false if no account. */
  async raiseTokenVersion(db: Db, accountId: string): Promise<boolean> {
    const result = await db
      .updateTable('accounts')
      .set((eb) => ({ token_version: eb('token_version', '+', 1) }))
      .where('id', '=', accountId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Drops the account's families past their absolute end (and their tokens, by cascade).
   * Revoked families stay until then, so their tokens are still recognised.
   */
  async deleteEndedFamilies(db: Db, accountId: string, now: Date): Promise<void> {
    await db
      .deleteFrom('refresh_token_families')
      .where('account_id', '=', accountId)
      .where('expires_at', '<=', now)
      .execute();
  }
}
