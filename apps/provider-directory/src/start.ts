import { runService, type RunningService } from '@medicalink/runtime';
import { AppModule } from './app.module';
import { loadDirectoryConfig } from './config';

export async function startDirectory(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService> {
  const config = loadDirectoryConfig(env);
  return runService({
    app: 'provider-directory',
    service: 'directory',
    module: AppModule,
    env: config,
    httpPort: config.DIRECTORY_HTTP_PORT,
  });
}
