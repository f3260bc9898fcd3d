import { z } from 'zod';
import {
  baseEnvSchema,
  envInt,
  envPort,
  loadConfig,
  refuseUnsafeSecrets,
} from '@medicalink/config';
import { DEFAULT_LIVE_EVENTS_MAX_QUEUED } from '@medicalink/messaging';

export const gatewayEnvSchema = baseEnvSchema
  .extend({
    GATEWAY_PORT: envPort(3000),
    /** how long GET /health waits for each service */
    HEALTH_TIMEOUT_MS: envInt(2_000, 50, 30_000),
    BODY_LIMIT_BYTES: envInt(1024 * 1024, 1024, 64 * 1024 * 1024),
    /** HS256 key of the access tokens; no default, so a deployment cannot forget it */
    JWT_SECRET: z
      .string({ error: 'is required (at least 32 random bytes as hex or base64)' })
      .min(1, 'is required (at least 32 random bytes as hex or base64)'),
    /** read only to refuse the published one beyond loopback (the accounts service uses it) */
    BOOTSTRAP_ADMIN_PASSWORD: z.string().optional(),
    /** short: a revoked account's tokens are refused at once anyway, this bounds a stolen one */
    JWT_EXPIRES_IN_SEC: envInt(900, 5, 24 * 3_600),
    /** how long past its expiry a token is still taken: the clock difference tolerated between gateways */
    JWT_CLOCK_SKEW_SEC: envInt(30, 0, 300),
    /** how long an account's token state (version, active, privilege) is cached: the most a revocation waits */
    TOKEN_STATE_TTL_MS: envInt(5_000, 0, 60_000),
    /** failed logins per (email, client address) pair per window */
    LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL: envInt(5, 1, 100_000),
    /** failed logins per email across all addresses per window (not for addresses that logged in to it before) */
    LOGIN_FAILURES_PER_EMAIL: envInt(50, 1, 1_000_000),
    /** failed logins per client address across all emails per window */
    LOGIN_FAILURES_PER_ADDRESS: envInt(20, 1, 100_000),
    /** requests per token (account) and per client address on every route but login and health */
    RATE_LIMIT_PER_TOKEN: envInt(300, 1, 10_000_000),
    RATE_LIMIT_PER_ADDRESS: envInt(600, 1, 10_000_000),
    RATE_LIMIT_WINDOW_SEC: envInt(60, 1, 86_400),
    LOGIN_RATE_WINDOW_SEC: envInt(60, 1, 86_400),
    /**
     * POST /schedules/imports: a larger file is refused with 413. At most 11 MiB: the file
     * travels base64 in one message, which must stay under RabbitMQ 4's 16 MiB default limit.
     */
    SCHEDULE_MAX_FILE_BYTES: envInt(10 * 1024 * 1024, 1_024, 11 * 1024 * 1024),
    /** GET /events: a comment line this often keeps idle streams (and proxies) open */
    EVENTS_HEARTBEAT_MS: envInt(15_000, 100, 300_000),
    /** how often a stream's token is checked again: with TOKEN_STATE_TTL_MS, the most a revoked one streams on */
    EVENTS_AUTH_CHECK_MS: envInt(2_000, 100, 60_000),
    /** unsent bytes one stream may hold (beyond the kernel's) before it is cut off with `overflow` */
    EVENTS_CLIENT_BUFFER_BYTES: envInt(1024 * 1024, 1_024, 64 * 1024 * 1024),
    /** concurrent streams per token, and per client address, counted over every gateway replica */
    EVENTS_STREAMS_PER_TOKEN: envInt(5, 1, 100_000),
    EVENTS_STREAMS_PER_ADDRESS: envInt(50, 1, 100_000),
    /**
     * how long an open stream counts towards those limits without its gateway refreshing it
     * (every third of this, at most every heartbeat): a crashed gateway's streams stop
     * counting within it
     */
    EVENTS_STREAM_LEASE_MS: envInt(45_000, 1_000, 3_600_000),
    /** the replay log (Redis stream) keeps at most this many events, none older than the age */
    EVENTS_LOG_MAX_LENGTH: envInt(10_000, 100, 10_000_000),
    EVENTS_LOG_MAX_AGE_SEC: envInt(3_600, 10, 7 * 86_400),
    /** events the gateways' shared queue holds while none reads it (oldest dropped first) */
    EVENTS_QUEUE_MAX_LENGTH: envInt(DEFAULT_LIVE_EVENTS_MAX_QUEUED, 1_000, 10_000_000),
    /** the `retry:` hint (ms) sent when the gateway stops */
    EVENTS_RETRY_MS: envInt(2_000, 0, 600_000),
    /** the web console's build (default: apps/web/dist, found above the gateway's files) */
    CONSOLE_DIR: z.string().min(1).optional(),
  })
  // The repository's secrets only on loopback and not in production; a key of its own: 32
  // random bytes. The bootstrap password is the accounts service's, but logins reach it through
  // this listener: with one .env for every app (npm start, compose) the gateway sees it too.
  .superRefine(
    refuseUnsafeSecrets([
      { variable: 'JWT_SECRET', kind: 'key' },
      { variable: 'BOOTSTRAP_ADMIN_PASSWORD', kind: 'password' },
    ]),
  );
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

export function loadGatewayConfig(
  env: Record<string, string | undefined> = process.env,
): GatewayEnv {
  return loadConfig(gatewayEnvSchema, env);
}
