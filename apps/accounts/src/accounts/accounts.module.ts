import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@medicalink/runtime';
import type { AccountsEnv } from '../config';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { PasswordHasher } from './password-hasher';

@Module({
  controllers: [AccountsController],
  providers: [
    AccountsRepository,
    AccountsService,
    {
      provide: PasswordHasher,
      useFactory: (env: AccountsEnv) => new PasswordHasher(env.PASSWORD_HASH_COST),
      inject: [APP_CONFIG],
    },
  ],
  exports: [AccountsRepository, AccountsService, PasswordHasher],
})
export class AccountsModule {}
