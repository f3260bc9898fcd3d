export { createLogger, REDACTED_KEYS, type Logger, type LoggerSettings } from './logger';
export {
  childTraceparent,
  currentContext,
  newCorrelationId,
  runInContext,
  type MessageContext,
} from './message-context';
export { collectProcessMetrics, counter, gauge, histogram, renderMetrics } from './metrics';
export { PinoNestLogger } from './nest-logger';
export * from './tracing';
export { RecentErrors, type RecentError } from './recent-errors';
