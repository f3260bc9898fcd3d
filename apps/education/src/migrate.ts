import { migrateFromMain } from '@medicalink/runtime';
import { loadEducationConfig } from './config';
import { educationMigrations } from './database/education.migrations';

const config = loadEducationConfig();
migrateFromMain('education', {
  serverUrl: config.DATABASE_URL,
  name: config.EDUCATION_DATABASE,
  migrations: educationMigrations,
});
