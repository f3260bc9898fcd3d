import { type z } from 'zod';
import { baseEnvSchema, envInt, envPort, loadConfig } from '@medicalink/config';

export const gatewayEnvSchema = baseEnvSchema.extend({
  GATEWAY_PORT: envPort(3000),
  /** how long GET /health waits for each service */
  HEALTH_TIMEOUT_MS: envInt(2_000, 50, 30_000),
  BODY_LIMIT_BYTES: envInt(1024 * 1024, 1024, 64 * 1024 * 1024),
});
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

export function loadGatewayConfig(
  env: Record<string, string | undefined> = process.env,
): GatewayEnv {
  return loadConfig(gatewayEnvSchema, env);
}
