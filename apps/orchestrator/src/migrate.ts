import { migrateFromMain } from '@medicalink/runtime';
import { sagaMigrations } from '@medicalink/saga';
import { scheduleImportMigrations } from './schedules/schedule-imports.schema';
import { loadOrchestratorConfig } from './config';

const config = loadOrchestratorConfig();
migrateFromMain('orchestrator', {
  serverUrl: config.DATABASE_URL,
  name: config.ORCHESTRATOR_DATABASE,
  migrations: { ...sagaMigrations, ...scheduleImportMigrations },
});
