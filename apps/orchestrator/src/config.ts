import { type z } from 'zod';
import { baseEnvSchema, envPort, loadConfig } from '@medicalink/config';

export const orchestratorEnvSchema = baseEnvSchema.extend({
  ORCHESTRATOR_HTTP_PORT: envPort(3001),
});
export type OrchestratorEnv = z.infer<typeof orchestratorEnvSchema>;

export function loadOrchestratorConfig(
  env: Record<string, string | undefined> = process.env,
): OrchestratorEnv {
  return loadConfig(orchestratorEnvSchema, env);
}
