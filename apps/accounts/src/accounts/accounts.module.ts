import { Module } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { PasswordHasher } from './password-hasher';

export const PASSWORD_HASH_COST = Symbol('PASSWORD_HASH_COST');

@Module({
  controllers: [AccountsController],
  providers: [
    AccountsRepository,
    AccountsService,
    {
      provide: PasswordHasher,
      useFactory: (cost: number) => new PasswordHasher(cost),
      inject: [PASSWORD_HASH_COST],
    },
  ],
  exports: [AccountsRepository, AccountsService, PasswordHasher],
})
export class AccountsModule {}
