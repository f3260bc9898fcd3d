import pino, { type Logger, type LoggerOptions } from 'pino';
import { currentContext } from './message-context';
import type { RecentErrors } from './recent-errors';
import { logTraceFields } from './tracing/tracing';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they appear (two levels deep). */
export const REDACTED_KEYS = [
  'password',
  'passwordHash',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  // the console's refresh token travels in a cookie
  'cookie',
  'secret',
  'jwtSecret',
  'JWT_SECRET',
  'BOOTSTRAP_ADMIN_PASSWORD',
];

export interface LoggerSettings {
  service: string;
  level?: string;
  /** pretty output for humans; defaults to "stdout is a TTY" */
  pretty?: boolean;
  destination?: pino.DestinationStream;
  /** keeps the error-level lines (shown to operators through the health pattern) */
  recentErrors?: RecentErrors;
}

/** pino's `error` level (fatal is 60) */
const ERROR_LEVEL = 50;

export function createLogger(settings: LoggerSettings): Logger {
  const pretty = settings.pretty ?? Boolean(process.stdout.isTTY);
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    base: { service: settings.service },
    redact: {
      paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
      censor: '[redacted]',
    },
    mixin() {
      const context = currentContext();
      const ids = logTraceFields();
      if (!context) return ids ?? {};
      return ids
        ? { correlationId: context.correlationId, ...ids }
        : { correlationId: context.correlationId };
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const { recentErrors } = settings;
  if (recentErrors) {
    options.hooks = {
      logMethod(args, method, level) {
        if (level >= ERROR_LEVEL) recentErrors.recordLogCall(args);
        method.apply(this, args);
      },
    };
  }
  if (settings.destination) return pino(options, settings.destination);
  if (pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino(options);
}
