import { ErrorEnvelope } from '@medicalink/contracts';
import { Header } from '@medicalink/messaging';
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of what a receiver accepts (zod's input side: defaults may be left out,
 * strings are trimmed after), as draft-07, the dialect of AsyncAPI schemas. Refinements that
 * JSON Schema cannot say are checked by the receiver's zod schema all the same.
 */
export function jsonSchema(schema: z.ZodType): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  delete converted['$schema'];
  return converted;
}

export const ERROR_REPLY: JsonSchema = {
  title: 'RpcErrorReply',
  description: 'What a failed RPC replies: the gateway maps `error.status` to HTTP.',
  type: 'object',
  properties: { ok: { const: false }, error: jsonSchema(ErrorEnvelope) },
  required: ['ok', 'error'],
  additionalProperties: false,
};

/** The reply body on the wire: `{ ok: true, data }` or `{ ok: false, error }`. */
export function replySchema(responseRef: string): JsonSchema {
  return {
    oneOf: [
      {
        type: 'object',
        properties: { ok: { const: true }, data: { $ref: responseRef } },
        required: ['ok', 'data'],
        additionalProperties: false,
      },
      { $ref: '#/components/schemas/RpcErrorReply' },
    ],
  };
}

const text = (description: string) => ({ type: 'string', description });

/** AMQP headers of an RPC request (properties: correlationId, replyTo, type, expiration). */
export const RPC_REQUEST_HEADERS: JsonSchema = {
  type: 'object',
  properties: {
    [Header.CorrelationId]: text('the chain of work this call belongs to, end to end'),
    [Header.Deadline]: {
      type: 'integer',
      description: 'epoch ms after which the caller no longer waits: the server skips the work',
    },
    [Header.Traceparent]: text('W3C trace context, passed through'),
    [Header.CausationId]: text('the message that caused this one'),
    [Header.IdempotencyKey]: text('same key, same effect: retries and duplicates apply once'),
  },
  required: [Header.CorrelationId, Header.Deadline],
};

export const EVENT_HEADERS: JsonSchema = {
  type: 'object',
  properties: {
    [Header.CorrelationId]: text('the chain of work that produced the event'),
    [Header.Traceparent]: text('W3C trace context'),
    [Header.SchemaVersion]: { type: 'string', enum: ['1'], description: 'payload version' },
    [Header.CausationId]: text('the message that caused this one'),
    [Header.Attempt]: {
      type: 'integer',
      description: 'delivery attempt, set when the transport retries it through a delay queue',
    },
  },
  required: [Header.CorrelationId, Header.SchemaVersion],
};

export const DEAD_LETTER_HEADERS: JsonSchema = {
  type: 'object',
  properties: {
    [Header.ErrorCode]: text('why it failed: a domain code, VALIDATION_FAILED, REDELIVERY_LIMIT…'),
    [Header.ErrorMessage]: text('the error message'),
    [Header.ErrorStatus]: { type: 'integer', description: 'the status the error carried' },
    [Header.ErrorDetails]: text('the error details, as JSON'),
    [Header.Attempt]: { type: 'integer', description: 'deliveries made' },
    [Header.FailedAt]: text('when it was dead-lettered (ISO 8601)'),
    [Header.OriginalQueue]: text(
      'the routing key it arrived with: its RPC queue, or its event name',
    ),
  },
  required: [Header.ErrorCode, Header.OriginalQueue],
};
