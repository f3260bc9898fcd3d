import { z } from 'zod';

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

/**
 * TRUST_PROXY: `false` (default: the peer address is the client) or a comma-separated list of
 * the proxies' addresses or CIDRs (`10.0.0.5,10.1.0.0/16`, also `loopback`). Fastify then takes
 * the client address from X-Forwarded-For only through those hops. Refused: `true` (every hop
 * trusted: the left-most, client-written address would become the client's) and hop counts
 * (they cannot check who the immediate peer is; Fastify 5.12 ignores them).
 */
const NO_PROXY = ['false', 'no', 'off', ''];
export const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .refine(
    (value) => !['true', 'yes', 'on'].includes(value.toLowerCase()),
    'must not be true (it trusts a client-written X-Forwarded-For): give the proxy addresses',
  )
  .refine(
    (value) => !/^[0-9]+$/.test(value),
    'must not be a hop count (it cannot tell a proxy from a client): give the proxy addresses',
  )
  .refine(
    (value) =>
      NO_PROXY.includes(value.toLowerCase()) ||
      value
        .split(',')
        .every((entry) =>
          /^([0-9a-fA-F:.]+(\/[0-9]{1,3})?|loopback|linklocal|uniquelocal)$/.test(entry.trim()),
        ),
    'must be false or a comma-separated list of proxy addresses or CIDRs',
  )
  .transform((value): false | string[] =>
    NO_PROXY.includes(value.toLowerCase()) ? false : value.split(',').map((entry) => entry.trim()),
  );

/** Variables every MedicaLink app reads. */
export const baseEnvSchema = z.object({
  NODE_ENV: nodeEnvSchema,
  LOG_LEVEL: logLevelSchema,
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  /** which X-Forwarded-For hops to believe (client addresses for rate limits): see trustProxySchema */
  TRUST_PROXY: trustProxySchema,
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
