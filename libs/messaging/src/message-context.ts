import type { ConsumeMessage } from 'amqplib';
import { newCorrelationId, type MessageContext } from '@medicalink/observability';
import { Header, headerNumber, headerString, type MessageHeaders } from './headers';

/** What a handler may read about the message it is handling (pass it as the 2nd parameter). */
export class AmqpMessageContext {
  constructor(
    readonly pattern: string,
    readonly message: ConsumeMessage,
    readonly context: MessageContext,
    readonly attempt: number,
  ) {}

  get headers(): MessageHeaders {
    return this.message.properties.headers ?? {};
  }
  get messageId(): string | undefined {
    return this.context.messageId;
  }
  get correlationId(): string {
    return this.context.correlationId;
  }
  get idempotencyKey(): string | undefined {
    return this.context.idempotencyKey;
  }
  get deadline(): number | undefined {
    return this.context.deadline;
  }
  get redelivered(): boolean {
    return this.message.fields.redelivered;
  }
}

export function contextFromMessage(message: ConsumeMessage): MessageContext {
  const headers = message.properties.headers;
  const context: MessageContext = {
    correlationId: headerString(headers, Header.CorrelationId) ?? newCorrelationId(),
  };
  const causationId = headerString(headers, Header.CausationId);
  // An RPC request carries no message id of its own: its correlation id names it.
  const messageId = (message.properties.messageId ?? message.properties.correlationId) as
    string | undefined;
  const idempotencyKey = headerString(headers, Header.IdempotencyKey);
  const traceparent = headerString(headers, Header.Traceparent);
  const deadline = headerNumber(headers, Header.Deadline);
  if (causationId) context.causationId = causationId;
  if (messageId) context.messageId = messageId;
  if (idempotencyKey) context.idempotencyKey = idempotencyKey;
  if (traceparent) context.traceparent = traceparent;
  if (deadline !== undefined) context.deadline = deadline;
  return context;
}
