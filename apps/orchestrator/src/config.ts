import { type z } from 'zod';
import { baseEnvSchema, databaseName, envInt, envPort, loadConfig } from '@medicalink/config';

export const orchestratorEnvSchema = baseEnvSchema.extend({
  ORCHESTRATOR_HTTP_PORT: envPort(3001),
  ORCHESTRATOR_DATABASE: databaseName('orchestrator'),
  CACHE_TTL_SINGLE_SEC: envInt(300, 1, 86_400),
  CACHE_TTL_LIST_SEC: envInt(120, 1, 86_400),
  /** a Redis call slower than this counts as Redis down: reads are served uncached */
  CACHE_TIMEOUT_MS: envInt(150, 5, 10_000),
  SAGA_LEASE_MS: envInt(10_000, 100, 600_000),
  SAGA_RECOVERY_INTERVAL_MS: envInt(2_000, 50, 600_000),
  SAGA_STEP_TIMEOUT_MS: envInt(5_000, 50, 600_000),
  /** how long a compensation failing for an outage keeps being retried (default 6 h, max 7 days) */
  SAGA_COMPENSATION_BUDGET_MS: envInt(21_600_000, 0, 604_800_000),
  /** the longest pause between two tries of such a compensation */
  SAGA_COMPENSATION_MAX_DELAY_MS: envInt(60_000, 100, 3_600_000),
});
export type OrchestratorEnv = z.infer<typeof orchestratorEnvSchema>;

export function loadOrchestratorConfig(
  env: Record<string, string | undefined> = process.env,
): OrchestratorEnv {
  return loadConfig(orchestratorEnvSchema, env);
}
