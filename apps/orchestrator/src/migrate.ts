import { migrateFromMain } from '@medicalink/runtime';
import { loadOrchestratorConfig } from './config';
import { orchestratorMigrations } from './database/orchestrator.migrations';

const config = loadOrchestratorConfig();
migrateFromMain('orchestrator', {
  serverUrl: config.DATABASE_URL,
  name: config.ORCHESTRATOR_DATABASE,
  migrations: orchestratorMigrations,
});
