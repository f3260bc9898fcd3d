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
} as const;

export const SCHEMA_VERSION = '1';

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
