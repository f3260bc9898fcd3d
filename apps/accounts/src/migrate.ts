import { migrateFromMain } from '@medicalink/runtime';
import { loadAccountsConfig } from './config';
import { accountsMigrations } from './database/accounts.migrations';

const config = loadAccountsConfig();
migrateFromMain('accounts', {
  serverUrl: config.DATABASE_URL,
  name: config.ACCOUNTS_DATABASE,
  migrations: accountsMigrations,
});
