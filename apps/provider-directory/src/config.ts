import { type z } from 'zod';
import { baseEnvSchema, databaseName, envPort, loadConfig } from '@medicalink/config';

export const directoryEnvSchema = baseEnvSchema.extend({
  DIRECTORY_HTTP_PORT: envPort(3003),
  DIRECTORY_DATABASE: databaseName('directory'),
});
export type DirectoryEnv = z.infer<typeof directoryEnvSchema>;

export function loadDirectoryConfig(
  env: Record<string, string | undefined> = process.env,
): DirectoryEnv {
  return loadConfig(directoryEnvSchema, env);
}
