import { Module, type DynamicModule } from '@nestjs/common';
import { AccountsModule, PASSWORD_HASH_COST } from './accounts/accounts.module';
import { AuthModule } from './auth/auth.module';
import { BOOTSTRAP_ADMIN, BootstrapService } from './bootstrap/bootstrap.service';
import type { AccountsEnv } from './config';
import { PermissionsModule } from './permissions/permissions.module';

@Module({})
export class AppModule {
  static forRoot(env: AccountsEnv): DynamicModule {
    const settings = [
      { provide: PASSWORD_HASH_COST, useValue: env.PASSWORD_HASH_COST },
      {
        provide: BOOTSTRAP_ADMIN,
        useValue: { email: env.BOOTSTRAP_ADMIN_EMAIL, password: env.BOOTSTRAP_ADMIN_PASSWORD },
      },
    ];
    return {
      module: AppModule,
      global: true,
      imports: [AccountsModule, PermissionsModule, AuthModule],
      providers: [...settings, BootstrapService],
      exports: settings.map((setting) => setting.provide),
    };
  }
}
