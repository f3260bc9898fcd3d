import { runService, type RunningService } from '@medicalink/runtime';
import { AppModule } from './app.module';
import { loadOrchestratorConfig } from './config';

export async function startOrchestrator(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const config = loadOrchestratorConfig(env);
  return runService({
    app: 'orchestrator',
    service: 'orchestrator',
    module: AppModule.forRoot(config),
    env: config,
    httpPort: config.ORCHESTRATOR_HTTP_PORT,
  });
}
