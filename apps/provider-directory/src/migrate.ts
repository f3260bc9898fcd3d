import { migrateFromMain } from '@medicalink/runtime';
import { loadDirectoryConfig } from './config';
import { directoryMigrations } from './database/directory.migrations';

const config = loadDirectoryConfig();
migrateFromMain('provider-directory', {
  serverUrl: config.DATABASE_URL,
  name: config.DIRECTORY_DATABASE,
  migrations: directoryMigrations,
});
