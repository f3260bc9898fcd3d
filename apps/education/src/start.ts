import { runService, type RunningService } from '@medicalink/runtime';
import { AppModule } from './app.module';
import type { Clock } from './clock/clock';
import { loadEducationConfig } from './config';
import { educationMigrations } from './database/education.migrations';

export interface EducationOptions {
  /** the time the rules are judged at (tests move it); the system clock by default */
  clock?: Clock;
}

export async function startEducation(
  env: Record<string, string | undefined> = process.env,
  options: EducationOptions = {},
): Promise<RunningService> {
  const config = loadEducationConfig(env);
  return runService({
    app: 'education',
    service: 'education',
    module: AppModule.register(options),
    env: config,
    httpPort: config.EDUCATION_HTTP_PORT,
    database: {
      serverUrl: config.DATABASE_URL,
      name: config.EDUCATION_DATABASE,
      migrations: educationMigrations,
    },
  });
}
