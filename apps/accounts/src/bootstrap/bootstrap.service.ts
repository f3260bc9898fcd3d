import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { PERMISSION_CATALOG } from '@medicalink/contracts';
import type { Logger } from '@medicalink/observability';
import type { Kysely } from '@medicalink/persistence';
import { APP_CONFIG, APP_LOGGER, DATABASE } from '@medicalink/runtime';
import { AccountsService } from '../accounts/accounts.service';
import type { AccountsEnv } from '../config';
import type { AccountsDatabase } from '../database/accounts.schema';
import { PermissionsRepository } from '../permissions/permissions.repository';

/** On start: the permission catalog is seeded, and the first `main` account exists. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<AccountsDatabase>,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly env: AccountsEnv,
    private readonly permissions: PermissionsRepository,
    private readonly accounts: AccountsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.permissions.upsertCatalog(this.db, PERMISSION_CATALOG);
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = this.env;
    if (!email || !password) {
      this.logger.warn('BOOTSTRAP_ADMIN_EMAIL/PASSWORD not set: no bootstrap main account');
      return;
    }
    if (await this.accounts.findByEmail(email.toLowerCase())) return;
    // The idempotency key makes two instances starting at once create one account.
    await this.accounts.create(
      {
        email: email.toLowerCase(),
        password,
        fullName: 'MedicaLink Administrator',
        privilege: 'main',
      },
      `bootstrap:${email.toLowerCase()}`,
    );
    this.logger.info({ email }, 'created the bootstrap main account');
  }
}
