import { z } from 'zod';
import {
  baseEnvSchema,
  databaseName,
  envInt,
  envPort,
  loadConfig,
  refuseUnsafeSecrets,
} from '@medicalink/config';

export const accountsEnvSchema = baseEnvSchema
  .extend({
    ACCOUNTS_HTTP_PORT: envPort(3002),
    ACCOUNTS_DATABASE: databaseName('accounts'),
    /** scrypt cost (N), a power of two; 16384 is the usual interactive-login setting */
    PASSWORD_HASH_COST: envInt(16_384, 1_024, 1_048_576).refine(
      (value) => (value & (value - 1)) === 0,
      'must be a power of two',
    ),
    BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(10).optional(),
  })
  // The bootstrap password .env.example publishes: only on loopback and not in production.
  .superRefine(refuseUnsafeSecrets([{ variable: 'BOOTSTRAP_ADMIN_PASSWORD', kind: 'password' }]));
export type AccountsEnv = z.infer<typeof accountsEnvSchema>;

export function loadAccountsConfig(
  env: Record<string, string | undefined> = process.env,
): AccountsEnv {
  return loadConfig(accountsEnvSchema, env);
}
