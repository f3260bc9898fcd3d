import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { AuthModule } from './auth/auth.module';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { PermissionsModule } from './permissions/permissions.module';
import { RefreshTokensModule } from './refresh-tokens/refresh-tokens.module';

@Module({
  imports: [AccountsModule, PermissionsModule, AuthModule, RefreshTokensModule],
  providers: [BootstrapService],
})
export class AppModule {}
