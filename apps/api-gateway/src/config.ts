import { z } from 'zod';
import { baseEnvSchema, ConfigError, envInt, envPort, loadConfig } from '@medicalink/config';

/** The value .env.example ships with; refused in production. */
const DEV_JWT_SECRET = 'dev-only-change-me-0123456789abcdef';

export const gatewayEnvSchema = baseEnvSchema
  .extend({
    GATEWAY_PORT: envPort(3000),
    /** how long GET /health waits for each service */
    HEALTH_TIMEOUT_MS: envInt(2_000, 50, 30_000),
    BODY_LIMIT_BYTES: envInt(1024 * 1024, 1024, 64 * 1024 * 1024),
    /** HS256 key of the access tokens; no default, so a deployment cannot forget it */
    JWT_SECRET: z
      .string({ error: 'is required (at least 32 characters)' })
      .min(32, 'must be at least 32 characters'),
    JWT_EXPIRES_IN_SEC: envInt(3_600, 60, 7 * 24 * 3_600),
    /** login attempts per client IP per window */
    LOGIN_RATE_LIMIT_PER_IP: envInt(20, 1, 100_000),
    /** login attempts per email address per window */
    LOGIN_RATE_LIMIT_PER_EMAIL: envInt(5, 1, 100_000),
    LOGIN_RATE_WINDOW_SEC: envInt(60, 1, 86_400),
    /**
     * POST /schedules/imports: a larger file is refused with 413. At most 11 MiB: the file
     * travels base64 in one message, which must stay under RabbitMQ 4's 16 MiB default limit.
     */
    SCHEDULE_MAX_FILE_BYTES: envInt(10 * 1024 * 1024, 1_024, 11 * 1024 * 1024),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is the development value from .env.example; set a secret of your own',
      });
    }
  });
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

const SECRET_VARIABLES = ['JWT_SECRET'];

export function loadGatewayConfig(
  env: Record<string, string | undefined> = process.env,
): GatewayEnv {
  try {
    return loadConfig(gatewayEnvSchema, env);
  } catch (error) {
    // loadConfig quotes the bad value; a secret must not reach the start-up log.
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(
      error.problems.map((problem) =>
        SECRET_VARIABLES.some((name) => problem.startsWith(`${name}:`))
          ? problem.replace(/\(got ".*"\)$/s, '(value hidden)')
          : problem,
      ),
    );
  }
}
