import { Inject, Injectable } from '@nestjs/common';
import type {
  AuthenticatedAccount,
  IssuedRefreshToken,
  RefreshLifetime,
} from '@medicalink/contracts';
import type { DomainError } from '@medicalink/errors';
import type { Kysely } from '@medicalink/persistence';
import { APP_CONFIG, DATABASE } from '@medicalink/runtime';
import { accountNotFound } from '../accounts/accounts.errors';
import { AccountsRepository } from '../accounts/accounts.repository';
import { authenticatedAccount } from '../auth/authenticated-account';
import type { AccountsEnv } from '../config';
import type { AccountsDatabase } from '../database/accounts.schema';
import { newRefreshToken, refreshTokenHash } from './refresh-token-value';
import {
  refreshTokenExpired,
  refreshTokenInvalid,
  refreshTokenReused,
  refreshTokenRevoked,
} from './refresh-tokens.errors';
import { RefreshTokensRepository, type FamilyRow } from './refresh-tokens.repository';

type Lifetimes = Pick<
  AccountsEnv,
  | 'REFRESH_TOKEN_LIFETIME_SEC'
  | 'REFRESH_TOKEN_IDLE_SEC'
  | 'REFRESH_TOKEN_REMEMBER_LIFETIME_SEC'
  | 'REFRESH_TOKEN_REMEMBER_IDLE_SEC'
>;

type Rotated = { account: AuthenticatedAccount; refreshToken: IssuedRefreshToken };
/** A refusal is returned out of the transaction, not thrown in it, so its revocation commits. */
type Refused = { refused: DomainError };

/** Why a family was revoked, as stored (for whoever reads the table after an incident). */
const REVOKED_BECAUSE = {
  reuse: 'reuse of a rotated token',
  accountChanged: 'account changed (password, deactivation, privilege or sign-out)',
  signOut: 'sign-out',
} as const;

/**
 * Refresh tokens: families of one-time tokens (rotation), revoked whole when a used token comes
 * back (theft detection), bounded by an absolute and an idle lifetime, and tied to the
 * account's token version so that whatever ends its access tokens ends its sign-ins too.
 */
@Injectable()
export class RefreshTokensService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<AccountsDatabase>,
    @Inject(APP_CONFIG) private readonly env: Lifetimes,
    private readonly accounts: AccountsRepository,
    private readonly tokens: RefreshTokensRepository,
  ) {}

  /** Starts a sign-in for an account whose credentials were checked at `tokenVersion`. */
  async issue(
    accountId: string,
    tokenVersion: number,
    lifetime: RefreshLifetime,
  ): Promise<IssuedRefreshToken> {
    const now = new Date();
    const { lifetimeSec, idleSec } = this.lifetimes(lifetime);
    return this.db.transaction().execute(async (trx) => {
      const account = await this.accounts.findById(trx, accountId);
      if (!account) throw accountNotFound(accountId);
      // The password was checked for an account that has changed since: no sign-in from it.
      if (!account.is_active || account.token_version !== tokenVersion) {
        throw refreshTokenRevoked();
      }
      await this.tokens.deleteEndedFamilies(trx, accountId, now);
      const family = await this.tokens.insertFamily(trx, {
        account_id: accountId,
        lifetime,
        token_version: tokenVersion,
        created_at: now,
        expires_at: new Date(now.getTime() + lifetimeSec * 1_000),
        idle_sec: idleSec,
      });
      return this.issueToken(trx, family, now);
    });
  }

  /**
   * Exchanges a token for its successor. A token already exchanged revokes its family; a
   * family whose account changed is revoked too. Those revocations are committed even though
   * the call fails.
   */
  async rotate(token: string): Promise<Rotated> {
    const now = new Date();
    const tokenHash = refreshTokenHash(token);
    const outcome = await this.db.transaction().execute(async (trx): Promise<Rotated | Refused> => {
      const found = await this.tokens.findTokenForRotation(trx, tokenHash);
      if (!found) return { refused: refreshTokenInvalid() };
      const { token: row, family } = found;
      if (family.revoked_at) return { refused: refreshTokenRevoked() };
      if (row.used_at) {
        await this.tokens.revokeFamily(trx, family.id, REVOKED_BECAUSE.reuse, now);
        return { refused: refreshTokenReused() };
      }
      if (now >= family.expires_at) return { refused: refreshTokenExpired('absolute') };
      if (now.getTime() >= row.issued_at.getTime() + family.idle_sec * 1_000) {
        return { refused: refreshTokenExpired('idle') };
      }
      const account = await this.accounts.findById(trx, family.account_id);
      if (!account?.is_active || account.token_version !== family.token_version) {
        await this.tokens.revokeFamily(trx, family.id, REVOKED_BECAUSE.accountChanged, now);
        return { refused: refreshTokenRevoked() };
      }
      await this.tokens.markUsed(trx, tokenHash, now);
      return {
        account: await authenticatedAccount(trx, this.accounts, account),
        refreshToken: await this.issueToken(trx, family, now),
      };
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome;
  }

  /**
   * Signs the account out everywhere: its families are revoked and its token version goes up
   * (so its access tokens are refused too), in one transaction.
   */
  async revokeAll(accountId: string): Promise<{ revokedFamilies: number }> {
    const now = new Date();
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.tokens.raiseTokenVersion(trx, accountId))) {
        throw accountNotFound(accountId);
      }
      const revokedFamilies = await this.tokens.revokeAccountFamilies(
        trx,
        accountId,
        REVOKED_BECAUSE.signOut,
        now,
      );
      return { revokedFamilies };
    });
  }

  private async issueToken(
    db: Kysely<AccountsDatabase>,
    family: FamilyRow,
    now: Date,
  ): Promise<IssuedRefreshToken> {
    const token = newRefreshToken();
    await this.tokens.insertToken(db, {
      token_hash: refreshTokenHash(token),
      family_id: family.id,
      issued_at: now,
    });
    const idleEnd = Math.min(now.getTime() + family.idle_sec * 1_000, family.expires_at.getTime());
    return {
      token,
      expiresAt: family.expires_at.toISOString(),
      idleExpiresAt: new Date(idleEnd).toISOString(),
    };
  }

  private lifetimes(lifetime: RefreshLifetime): { lifetimeSec: number; idleSec: number } {
    return lifetime === 'remember'
      ? {
          lifetimeSec: this.env.REFRESH_TOKEN_REMEMBER_LIFETIME_SEC,
          idleSec: this.env.REFRESH_TOKEN_REMEMBER_IDLE_SEC,
        }
      : {
          lifetimeSec: this.env.REFRESH_TOKEN_LIFETIME_SEC,
          idleSec: this.env.REFRESH_TOKEN_IDLE_SEC,
        };
  }
}
