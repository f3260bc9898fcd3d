import { z } from 'zod';
import {
  baseEnvSchema,
  databaseName,
  envInt,
  envPort,
  loadConfig,
  refuseUnsafeSecrets,
} from '@medicalink/config';

/**
 * The value .env.example ships with: tests and `npm start` (on loopback) work without one; beyond
 * loopback or in production it is refused, so SAGA_INPUT_KEY must then be set.
 */
const DEV_SAGA_INPUT_KEY = 'dev-only-saga-input-key-change-me-0123456789abcdef';

export const orchestratorEnvSchema = baseEnvSchema
  .extend({
    ORCHESTRATOR_HTTP_PORT: envPort(3001),
    ORCHESTRATOR_DATABASE: databaseName('orchestrator'),
    CACHE_TTL_SINGLE_SEC: envInt(300, 1, 86_400),
    CACHE_TTL_LIST_SEC: envInt(120, 1, 86_400),
    /** a Redis call slower than this counts as Redis down: reads are served uncached */
    CACHE_TIMEOUT_MS: envInt(150, 5, 10_000),
    /**
     * A composite doctor read that misses the cache asks the directory and accounts at once when
     * the doctor's account is known (remembered from earlier reads); `false` asks them one after
     * the other, as a comparison for the gateway bench.
     */
    DOCTOR_READ_FAN_OUT: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('true')
      .transform((value) => value === 'true'),
    SAGA_LEASE_MS: envInt(10_000, 100, 600_000),
    SAGA_RECOVERY_INTERVAL_MS: envInt(2_000, 50, 600_000),
    SAGA_STEP_TIMEOUT_MS: envInt(5_000, 50, 600_000),
    /** AES-256-GCM key of the sensitive saga input (passwords) in the journal: 32 random bytes, hex or base64 */
    SAGA_INPUT_KEY: z.string().min(1).default(DEV_SAGA_INPUT_KEY),
    /** per attempt of a schedule import phase (a large spreadsheet takes seconds to store) */
    SCHEDULE_PHASE_TIMEOUT_MS: envInt(120_000, 100, 3_600_000),
    /** a session-store call slower than this answers 503 SESSION_STORE_UNAVAILABLE */
    SESSION_STORE_TIMEOUT_MS: envInt(1_000, 10, 60_000),
    /** product sessions last 2 h from creation */
    PRODUCT_SESSION_TTL_SEC: envInt(7_200, 1, 86_400),
    PRODUCT_SESSION_DELETE_AFTER_COMMIT_MS: envInt(5_000, 1, 3_600_000),
    PRODUCT_COMMIT_ATTEMPTS: envInt(3, 1, 10),
    PRODUCT_COMMIT_BACKOFF_MS: envInt(200, 0, 60_000),
    /** how long a compensation failing for an outage keeps being retried (default 6 h, max 7 days) */
    SAGA_COMPENSATION_BUDGET_MS: envInt(21_600_000, 0, 604_800_000),
    /** the longest pause between two tries of such a compensation */
    SAGA_COMPENSATION_MAX_DELAY_MS: envInt(60_000, 100, 3_600_000),
  })
  .superRefine(refuseUnsafeSecrets([{ variable: 'SAGA_INPUT_KEY', kind: 'key' }]));
export type OrchestratorEnv = z.infer<typeof orchestratorEnvSchema>;

export function loadOrchestratorConfig(
  env: Record<string, string | undefined> = process.env,
): OrchestratorEnv {
  return loadConfig(orchestratorEnvSchema, env);
}
