import { z } from 'zod';
import { baseEnvSchema, databaseName, envInt, envPort, loadConfig } from '@medicalink/config';

export const directoryEnvSchema = baseEnvSchema.extend({
  DIRECTORY_HTTP_PORT: envPort(3003),
  DIRECTORY_DATABASE: databaseName('directory'),
  /**
   * Hosts (host or host:port, comma-separated, case-insensitive) a roster source may be
   * fetched from; any other URL is refused before a request is made.
   */
  SCHEDULE_ROSTER_ALLOWED_HOSTS: z
    .string()
    .default('localhost,127.0.0.1')
    .transform((text) =>
      text
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter((host) => host.length > 0),
    ),
  /** a roster source slower than this (whole response) is given up with a warning */
  SCHEDULE_ROSTER_TIMEOUT_MS: envInt(5_000, 50, 120_000),
  SCHEDULE_ROSTER_MAX_BYTES: envInt(5 * 1024 * 1024, 1_024, 100 * 1024 * 1024),
  /** rows per INSERT statement when storing shifts */
  SCHEDULE_INSERT_BATCH: envInt(5_000, 1, 20_000),
});
export type DirectoryEnv = z.infer<typeof directoryEnvSchema>;

export function loadDirectoryConfig(
  env: Record<string, string | undefined> = process.env,
): DirectoryEnv {
  return loadConfig(directoryEnvSchema, env);
}
