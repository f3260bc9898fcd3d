import { Inject, Injectable } from '@nestjs/common';
import { AccountsErrorCode, type Account } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import type { Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import { AccountsRepository, toAccount } from '../accounts/accounts.repository';
import { PasswordHasher } from '../accounts/password-hasher';
import type { AccountsDatabase } from '../database/accounts.schema';

@Injectable()
export class AuthService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<AccountsDatabase>,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * One answer for an unknown email, a wrong password and an inactive account,
   * in the same time, so the reply tells an attacker nothing about which it was.
   */
  async verify(email: string, password: string): Promise<Account> {
    const row = await this.accounts.findByEmail(this.db, email);
    const valid = row
      ? await this.hasher.verify(password, row.password_hash)
      : await this.hasher.verifyNothing(password);
    if (!row || !valid || !row.is_active) {
      throw new DomainError(AccountsErrorCode.InvalidCredentials, 'Invalid email or password', 401);
    }
    const permissions = await this.accounts.permissionsOf(this.db, [row.id]);
    return toAccount(row, permissions.get(row.id) ?? []);
  }
}
