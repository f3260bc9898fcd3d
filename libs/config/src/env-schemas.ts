import { z } from 'zod';
import { trustProxySchema } from './trust-proxy';

/** Env helpers: env values are strings, so numbers and booleans are coerced with bounds. */
export const envInt = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** 0 asks the OS for any free port (tests and benches); the app reports the one it got. */
export const envPort = (fallback: number) => envInt(fallback, 0, 65_535);

export const envUrl = (fallback: string, protocols: string[]) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      `must be a URL with protocol ${protocols.join(' or ')}`,
    );

export const nodeEnvSchema = z.enum(['development', 'test', 'production']).default('development');
export const logLevelSchema = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/** Variables every MedicaLink app reads. */
export const baseEnvSchema = z.object({
  NODE_ENV: nodeEnvSchema,
  LOG_LEVEL: logLevelSchema,
  /**
   * where the app's HTTP listener binds; loopback by default. Beyond loopback (a container,
   * a reverse proxy elsewhere) the secrets this repository publishes are refused.
   */
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** which X-Forwarded-For hops to believe (client addresses for rate limits): see trustProxySchema */
  TRUST_PROXY: trustProxySchema,
  /** SIGTERM to exit, at most: handlers drain for half of it, then what they hold is handed back */
  SHUTDOWN_TIMEOUT_MS: envInt(10_000, 500, 600_000),
  RABBITMQ_URL: envUrl('amqp://guest:guest@127.0.0.1:5672', ['amqp', 'amqps']),
  MESSAGING_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and - only')
    .default('medicalink'),
  MESSAGING_QUEUE_TYPE: z.enum(['classic', 'quorum']).default('classic'),
  MESSAGING_PREFETCH: envInt(32, 1, 10_000),
  /** redeliveries of an unacked message still handled; the next goes to the dead-letter queue */
  MESSAGING_REDELIVERY_LIMIT: envInt(3, 0, 100),
  /** delete idle queues after this long (0: never); for throw-away environments such as test runs */
  MESSAGING_QUEUE_EXPIRES_MS: envInt(0, 0, 2_147_483_647),
  RPC_TIMEOUT_MS: envInt(5_000, 10, 600_000),
  EVENT_MAX_ATTEMPTS: envInt(5, 1, 100),
  EVENT_RETRY_BASE_MS: envInt(1_000, 1, 3_600_000),
  EVENT_RETRY_MAX_MS: envInt(60_000, 1, 86_400_000),
  FAULT_INJECTION: z.string().default(''),
  REDIS_URL: envUrl('redis://127.0.0.1:6379', ['redis', 'rediss']),
  REDIS_KEY_PREFIX: z.string().default('medicalink:'),
  /** the PostgreSQL server; each app uses its own database on it (<APP>_DATABASE) */
  DATABASE_URL: envUrl('postgres://postgres@127.0.0.1:5432/postgres', ['postgres', 'postgresql']),
});

/** An app's own database name on DATABASE_URL's server. */
export const databaseName = (fallback: string) =>
  z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ only (max 63)')
    .default(fallback);

export type BaseEnv = z.infer<typeof baseEnvSchema>;
