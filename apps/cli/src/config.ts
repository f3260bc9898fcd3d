import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '@medicalink/config';

/** The CLI's environment, read once (flags override it). */
export const cliEnvSchema = z.object({
  /** the gateway */
  MEDICALINK_URL: z.url().default('http://localhost:3000'),
  /** log in with these on each run instead of using the stored token (scripts, CI) */
  MEDICALINK_EMAIL: z.string().optional(),
  MEDICALINK_PASSWORD: z.string().optional(),
  /** a bearer token to use as is */
  MEDICALINK_TOKEN: z.string().optional(),
  /** where `medicalink login` keeps its token */
  MEDICALINK_CONFIG_DIR: z.string().optional(),
  NO_COLOR: z.string().optional(),
});
export type CliEnv = z.infer<typeof cliEnvSchema>;

export function loadCliConfig(env: Record<string, string | undefined> = process.env): CliEnv {
  return loadConfig(cliEnvSchema, env);
}

export function configDir(env: CliEnv): string {
  return env.MEDICALINK_CONFIG_DIR ?? join(homedir(), '.config', 'medicalink');
}
