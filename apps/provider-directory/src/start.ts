import { runService, type RunningService } from '@medicalink/runtime';
import { AppModule } from './app.module';
import { loadDirectoryConfig } from './config';
import { directoryMigrations } from './database/directory.migrations';

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
    database: {
      serverUrl: config.DATABASE_URL,
      name: config.DIRECTORY_DATABASE,
      migrations: directoryMigrations,
    },
  });
}
