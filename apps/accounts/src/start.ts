import { runService, type RunningService } from '@medicalink/runtime';
import { AppModule } from './app.module';
import { loadAccountsConfig } from './config';
import { accountsMigrations } from './database/accounts.migrations';

export async function startAccounts(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const config = loadAccountsConfig(env);
  return runService({
    app: 'accounts',
    service: 'accounts',
    module: AppModule,
    env: config,
    httpPort: config.ACCOUNTS_HTTP_PORT,
    database: {
      serverUrl: config.DATABASE_URL,
      name: config.ACCOUNTS_DATABASE,
      migrations: accountsMigrations,
    },
  });
}
