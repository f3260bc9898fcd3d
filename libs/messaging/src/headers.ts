/** AMQP header names used by MedicaLink; properties (messageId, type, correlationId) carry the rest. */
export const Header = {
  CorrelationId: 'x-correlation-id',
  CausationId: 'x-causation-id',
  IdempotencyKey: 'x-idempotency-key',
  Traceparent: 'traceparent',
  Deadline: 'x-deadline',
  SchemaVersion: 'x-schema-version',
  Attempt: 'x-attempt',
  ErrorCode: 'x-error-code',
  ErrorMessage: 'x-error-message',
  ErrorStatus: 'x-error-status',
  ErrorDetails: 'x-error-details',
  FailedAt: 'x-failed-at',
  OriginalQueue: 'x-original-queue',
  /** on a copy replayed from the dead-letter queue: when, by whom (account id), after what */
  ReplayedAt: 'x-replayed-at',
  ReplayedBy: 'x-replayed-by',
  ReplayedErrorCode: 'x-replayed-error-code',
} as const;

export const SCHEMA_VERSION = '1';

/**
 * Set by a quorum queue on a message it delivers again: how many of its deliveries failed (the
 * consumer's channel closed, or it was returned). The broker keeps it in the queue's
 * replicated log, so a crash of the consumer cannot lose it.
 */
export const BROKER_DELIVERY_COUNT = 'x-delivery-count';

/**
 * A message's headers for a copy we publish (to a delay queue, the dead-letter queue, or back
 * from it): the broker's delivery count belongs to the original, and a stale one must not
 * reach the guard that reads it.
 */
export function headersForCopy(headers: MessageHeaders | undefined): MessageHeaders {
  const { [BROKER_DELIVERY_COUNT]: _count, ...rest } = headers ?? {};
  return rest;
}

export type MessageHeaders = Record<string, unknown>;

export function headerString(
  headers: MessageHeaders | undefined,
  name: string,
): string | undefined {
  const value = headers?.[name];
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function headerNumber(
  headers: MessageHeaders | undefined,
  name: string,
): number | undefined {
  const raw = headers?.[name];
  if (raw === undefined || raw === null) return undefined;
  const value = typeof raw === 'number' ? raw : Number(headerString(headers, name));
  return Number.isFinite(value) ? value : undefined;
}
