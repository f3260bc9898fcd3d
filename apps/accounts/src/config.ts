import { type z } from 'zod';
import { baseEnvSchema, envPort, loadConfig } from '@medicalink/config';

export const accountsEnvSchema = baseEnvSchema.extend({
  ACCOUNTS_HTTP_PORT: envPort(3002),
});
export type AccountsEnv = z.infer<typeof accountsEnvSchema>;

export function loadAccountsConfig(
  env: Record<string, string | undefined> = process.env,
): AccountsEnv {
  return loadConfig(accountsEnvSchema, env);
}
