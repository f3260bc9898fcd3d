import type { RefreshMode, TokenStore } from './session-tokens.js';

/** A pluggable logger; the SDK is silent unless `enableLogging` is on and one is given (or console). */
export interface SdkLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface Credentials {
  email: string;
  password: string;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface MedicaLinkClientConfig {
  /** the gateway, default `http://localhost:3000` */
  baseUrl?: string;
  /** a bearer token to send as is (no re-login when it expires unless `credentials` are given too) */
  token?: string;
  /** logs in with these before the first authenticated call, and once again on a 401 from an expired token */
  credentials?: Credentials;
  /** a refresh token (from an earlier login): the access token is obtained and renewed with it */
  refreshToken?: string;
  /**
   * Logins ask for a refresh token and renewals use it: `token` in the reply (Node, scripts),
   * `cookie` in the console's HttpOnly cookie (a browser on the gateway's origin). Default: a
   * refresh token only if one is given, renewal by logging in again with `credentials`.
   */
  refresh?: RefreshMode;
  /** with `refresh`: a sign-in renewable for weeks instead of a working day */
  remember?: boolean;
  /** keeps the tokens across runs and shares them with other processes (the CLI's config file) */
  tokenStore?: TokenStore;
  /** renew the access token shortly before it expires even when no call is made (the console) */
  autoRenew?: boolean;
  /** retries after the first attempt, for GETs and POSTs with an Idempotency-Key (default 3) */
  retryAttempts?: number;
  /** the first retry's delay in ms, doubled per retry, with jitter (default 1000) */
  retryDelay?: number;
  /** no backoff delay is longer than this, in ms (default 30000) */
  maxRetryDelay?: number;
  /** ms per operation, retries included; the operation is aborted after it (default 30000) */
  timeout?: number;
  /** concurrent getDoctor calls within one tick become one GET /doctors?ids=... (default true) */
  enableBatching?: boolean;
  /** ids per batched request, 1..100 (default 10) */
  batchSize?: number;
  /** count operations and durations for getMetrics() (default true) */
  enableMetrics?: boolean;
  /** log operations through `logger` (default false) */
  enableLogging?: boolean;
  /** where logs go when enableLogging is on (default: console) */
  logger?: SdkLogger;
  /** start a health monitor polling GET /health every this many ms (default: no monitor) */
  healthCheckInterval?: number;
  /** how often workflows poll for their outcome, in ms (default 250) */
  pollInterval?: number;
  /** headers sent with every request */
  headers?: Record<string, string>;
  /** the fetch to use (default: globalThis.fetch); tests inject one */
  fetch?: FetchLike;
  /** randomness for the jitter (default Math.random) */
  random?: () => number;
  /** how waits are done (default: timers); tests inject one to record backoff delays */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface ResolvedConfig {
  baseUrl: string;
  token: string | undefined;
  credentials: Credentials | undefined;
  refreshToken: string | undefined;
  refresh: RefreshMode | undefined;
  remember: boolean;
  tokenStore: TokenStore | undefined;
  autoRenew: boolean;
  retryAttempts: number;
  retryDelay: number;
  maxRetryDelay: number;
  timeout: number;
  enableBatching: boolean;
  batchSize: number;
  enableMetrics: boolean;
  logger: SdkLogger | undefined;
  healthCheckInterval: number | undefined;
  pollInterval: number;
  headers: Record<string, string>;
  fetch: FetchLike;
  random: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULTS = {
  baseUrl: 'http://localhost:3000',
  retryAttempts: 3,
  retryDelay: 1_000,
  maxRetryDelay: 30_000,
  timeout: 30_000,
  enableBatching: true,
  batchSize: 10,
  enableMetrics: true,
  enableLogging: false,
  pollInterval: 250,
} as const;

/** The gateway accepts at most this many ids in GET /doctors?ids=. */
export const MAX_BATCH_SIZE = 100;

export function resolveConfig(config: MedicaLinkClientConfig): ResolvedConfig {
  const number = (name: string, value: number | undefined, fallback: number, min: number) => {
    const resolved = value ?? fallback;
    if (!Number.isFinite(resolved) || resolved < min) {
      throw new RangeError(`MedicaLink client: ${name} must be a number >= ${min}, got ${value}`);
    }
    return resolved;
  };
  const batchSize = number('batchSize', config.batchSize, DEFAULTS.batchSize, 1);
  if (batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`MedicaLink client: batchSize must be at most ${MAX_BATCH_SIZE}`);
  }
  const fetchImpl = config.fetch ?? globalThis.fetch?.bind(globalThis);
  if (!fetchImpl) {
    throw new Error('MedicaLink client: no fetch available; pass one as config.fetch');
  }
  return {
    baseUrl: (config.baseUrl ?? DEFAULTS.baseUrl).replace(/\/+$/, ''),
    token: config.token,
    credentials: config.credentials,
    refreshToken: config.refreshToken,
    refresh: config.refresh,
    remember: config.remember ?? false,
    tokenStore: config.tokenStore,
    autoRenew: config.autoRenew ?? false,
    retryAttempts: Math.floor(
      number('retryAttempts', config.retryAttempts, DEFAULTS.retryAttempts, 0),
    ),
    retryDelay: number('retryDelay', config.retryDelay, DEFAULTS.retryDelay, 0),
    maxRetryDelay: number('maxRetryDelay', config.maxRetryDelay, DEFAULTS.maxRetryDelay, 0),
    timeout: number('timeout', config.timeout, DEFAULTS.timeout, 1),
    enableBatching: config.enableBatching ?? DEFAULTS.enableBatching,
    batchSize: Math.floor(batchSize),
    enableMetrics: config.enableMetrics ?? DEFAULTS.enableMetrics,
    logger:
      (config.enableLogging ?? DEFAULTS.enableLogging) ? (config.logger ?? console) : undefined,
    healthCheckInterval: config.healthCheckInterval,
    pollInterval: number('pollInterval', config.pollInterval, DEFAULTS.pollInterval, 1),
    headers: config.headers ?? {},
    fetch: fetchImpl,
    random: config.random ?? Math.random,
    sleep: config.sleep ?? sleep,
  };
}

/** Why an operation's signal was aborted. */
export class AbortReason extends Error {
  constructor(
    readonly code: 'TIMEOUT' | 'DISPOSED' | 'ABORTED',
    message: string,
  ) {
    super(message);
    this.name = 'AbortReason';
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A random UUID (v4) from Web Crypto, available in Node 20 and every current browser. */
export function randomId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
