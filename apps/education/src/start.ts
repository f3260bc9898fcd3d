import { runService, type RunningService } from '@medicalink/runtime';
import { AppModule } from './app.module';
import { loadEducationConfig } from './config';

export async function startEducation(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const config = loadEducationConfig(env);
  return runService({
    app: 'education',
    service: 'education',
    module: AppModule,
    env: config,
    httpPort: config.EDUCATION_HTTP_PORT,
  });
}
