import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { PermissionsController } from './permissions.controller';
import { PermissionsRepository } from './permissions.repository';
import { PermissionsService } from './permissions.service';

@Module({
  imports: [AccountsModule],
  controllers: [PermissionsController],
  providers: [PermissionsRepository, PermissionsService],
  exports: [PermissionsRepository],
})
export class PermissionsModule {}
