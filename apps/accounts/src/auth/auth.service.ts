import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsErrorCode,
  staffAccountUpdated,
  type AuthenticatedAccount,
  type TokenState,
} from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { Outbox, OutboxRelay, type Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import { accountNotFound } from '../accounts/accounts.errors';
import {
  ACCOUNT_COLUMNS,
  AccountsRepository,
  type AccountRow,
} from '../accounts/accounts.repository';
import { PasswordHasher } from '../accounts/password-hasher';
import type { AccountsDatabase } from '../database/accounts.schema';
import { authenticatedAccount } from './authenticated-account';

@Injectable()
export class AuthService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<AccountsDatabase>,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * One answer for an unknown email, a wrong password and an inactive account,
   * in the same time, so the reply tells an attacker nothing about which it was.
   */
  async verify(email: string, password: string): Promise<AuthenticatedAccount> {
    const row = await this.accounts.findByEmail(this.db, email);
    const valid = row
      ? await this.hasher.verify(password, row.password_hash)
      : await this.hasher.verifyNothing(password);
    if (!row || !valid || !row.is_active) {
      throw new DomainError(AccountsErrorCode.InvalidCredentials, 'Invalid email or password', 401);
    }
    return this.authenticated(row);
  }

  /**
   * Stores a new password if the current one is right, and raises the token version so every
   * token issued before stops working. A concurrent change of the password wins over this one.
   */
  async changePassword(
    accountId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<AuthenticatedAccount> {
    const row = await this.accounts.findById(this.db, accountId);
    if (!row || !row.is_active) throw accountNotFound(accountId);
    if (!(await this.hasher.verify(currentPassword, row.password_hash))) {
      throw new DomainError(AccountsErrorCode.WrongPassword, 'The current password is wrong', 403);
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const updated = await this.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('accounts')
        .set({
          password_hash: passwordHash,
          token_version: row.token_version + 1,
          updated_at: new Date(),
        })
        .where('id', '=', accountId)
        .where('password_hash', '=', row.password_hash)
        .returning(ACCOUNT_COLUMNS)
        .executeTakeFirst();
      if (!changed) {
        throw new DomainError(
          'PASSWORD_CHANGED_CONCURRENTLY',
          'The password was changed meanwhile; try again',
          409,
        );
      }
      await Outbox.add(trx, staffAccountUpdated, {
        accountId: changed.id,
        email: changed.email,
        fullName: changed.full_name,
        dob: changed.dob,
        phone: changed.phone,
        membershipExpiresAt: changed.membership_expires_at?.toISOString() ?? null,
        isActive: changed.is_active,
        changed: ['password'],
        occurredAt: changed.updated_at.toISOString(),
      });
      return changed;
    });
    this.relay.nudge();
    return this.authenticated(updated);
  }

  async tokenState(accountId: string): Promise<TokenState | null> {
    const row = await this.accounts.findById(this.db, accountId);
    if (!row) return null;
    return {
      accountId: row.id,
      tokenVersion: row.token_version,
      isActive: row.is_active,
      privilege: row.privilege,
    };
  }

  private authenticated(row: AccountRow): Promise<AuthenticatedAccount> {
    return authenticatedAccount(this.db, this.accounts, row);
  }
}
