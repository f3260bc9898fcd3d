import { runService, type RunningService } from '@medicalink/runtime';
import { AppModule } from './app.module';
import { loadOrchestratorConfig } from './config';
import { orchestratorMigrations } from './database/orchestrator.migrations';

export async function startOrchestrator(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const config = loadOrchestratorConfig(env);
  return runService({
    app: 'orchestrator',
    service: 'orchestrator',
    module: AppModule,
    env: config,
    httpPort: config.ORCHESTRATOR_HTTP_PORT,
    database: {
      serverUrl: config.DATABASE_URL,
      name: config.ORCHESTRATOR_DATABASE,
      migrations: orchestratorMigrations,
    },
  });
}
