import { z } from 'zod';

/** What a failed RPC returns instead of a result; the gateway maps `status` to HTTP. */
export const ErrorEnvelope = z.object({
  code: z.string().min(1),
  message: z.string(),
  status: z.number().int().min(400).max(599),
  /** explains a refusal; the gateway shows it for 4xx only */
  details: z.record(z.string(), z.unknown()).optional(),
  /** names the operation that failed (a saga, a session): shown to the caller whatever the status */
  context: z.record(z.string(), z.unknown()).optional(),
  retryable: z.boolean(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** Codes produced by the transport itself (services add their own domain codes). */
export const TransportErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  BadMessage: 'BAD_MESSAGE',
  UnknownPattern: 'UNKNOWN_PATTERN',
  Timeout: 'RPC_TIMEOUT',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  CircuitOpen: 'CIRCUIT_OPEN',
  InvalidResponse: 'INVALID_RESPONSE',
  Internal: 'INTERNAL_ERROR',
  InjectedFault: 'INJECTED_FAULT',
} as const;

/** The reply body on the wire: exactly one of `data` or `error`. */
export const RpcReply = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorEnvelope }),
]);
export type RpcReply = z.infer<typeof RpcReply>;
