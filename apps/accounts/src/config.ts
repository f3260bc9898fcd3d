import { z } from 'zod';
import {
  baseEnvSchema,
  databaseName,
  envInt,
  envPort,
  loadConfig,
  refuseUnsafeSecrets,
} from '@medicalink/config';

const HOUR = 3_600;
const DAY = 24 * HOUR;

export const accountsEnvSchema = baseEnvSchema
  .extend({
    ACCOUNTS_HTTP_PORT: envPort(3002),
    ACCOUNTS_DATABASE: databaseName('accounts'),
    /** scrypt cost (N), a power of two; 16384 is the usual interactive-login setting */
    PASSWORD_HASH_COST: envInt(16_384, 1_024, 1_048_576).refine(
      (value) => (value & (value - 1)) === 0,
      'must be a power of two',
    ),
    /** a sign-in (refresh-token family) ends this long after it began, however often renewed */
    REFRESH_TOKEN_LIFETIME_SEC: envInt(12 * HOUR, 1, 90 * DAY),
    /** a refresh token not used for this long is refused (the console renews every few minutes) */
    REFRESH_TOKEN_IDLE_SEC: envInt(2 * HOUR, 1, 90 * DAY),
    /** the same two for a sign-in asked to be remembered (the CLI's `login --remember`) */
    REFRESH_TOKEN_REMEMBER_LIFETIME_SEC: envInt(30 * DAY, 1, 365 * DAY),
    REFRESH_TOKEN_REMEMBER_IDLE_SEC: envInt(7 * DAY, 1, 365 * DAY),
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
