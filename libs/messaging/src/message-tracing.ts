import type { ConsumeMessage } from 'amqplib';
import {
  extractTraceContext,
  injectTraceContext,
  tracingEnabled,
  type Attributes,
  type Span,
} from '@medicalink/observability';
import { Header, type MessageHeaders } from './headers';

/**
 * Attributes of the OpenTelemetry messaging semantic conventions (RabbitMQ flavour), written
 * here rather than imported: the conventions package keeps them in its unstable entry point.
 */
export const MessagingAttr = {
  System: 'messaging.system',
  OperationType: 'messaging.operation.type',
  OperationName: 'messaging.operation.name',
  Destination: 'messaging.destination.name',
  RoutingKey: 'messaging.rabbitmq.destination.routing_key',
  DeliveryTag: 'messaging.rabbitmq.message.delivery_tag',
  MessageId: 'messaging.message.id',
  ConversationId: 'messaging.message.conversation_id',
  BodySize: 'messaging.message.body.size',
  ConsumerGroup: 'messaging.consumer.group.name',
  /** MedicaLink's own: the RPC pattern or event name, and the event's attempt */
  Pattern: 'medicalink.messaging.pattern',
  Attempt: 'medicalink.messaging.attempt',
  Redelivered: 'medicalink.messaging.redelivered',
} as const;

/** Span events of the transport's failure handling, on the span of the delivery that failed. */
export const MessagingEvent = {
  RpcRetry: 'rpc.retry',
  RetryScheduled: 'messaging.retry_scheduled',
  DeadLettered: 'messaging.dead_lettered',
  Expired: 'messaging.expired',
} as const;

export function messagingAttributes(attributes: Attributes): Attributes {
  return { [MessagingAttr.System]: 'rabbitmq', ...attributes };
}

/**
 * The trace context an outgoing message carries: its client span's, or the active span's
 * (tracing on), else the one the message context passes through.
 */
export function setTraceHeaders(
  headers: MessageHeaders,
  span: Span | undefined,
  passedThrough: string | undefined,
): void {
  if (span) injectTraceContext(headers, span);
  else if (tracingEnabled()) injectTraceContext(headers);
  else if (passedThrough) headers[Header.Traceparent] = passedThrough;
}

/** The producer's span, as the parent of the consumer's. */
export function parentOf(message: ConsumeMessage) {
  return extractTraceContext(message.properties.headers);
}

/** Attributes every consumer span has (built without spreads: one per delivery). */
export function deliveryAttributes(
  message: ConsumeMessage,
  operation: 'process',
  pattern: string,
  service: string,
): Attributes {
  const correlationId = message.properties.headers?.[Header.CorrelationId] as unknown;
  const attributes: Attributes = {
    [MessagingAttr.System]: 'rabbitmq',
    [MessagingAttr.OperationType]: operation,
    [MessagingAttr.OperationName]: 'consume',
    [MessagingAttr.Destination]: message.fields.exchange || message.fields.routingKey,
    [MessagingAttr.RoutingKey]: message.fields.routingKey,
    [MessagingAttr.DeliveryTag]: message.fields.deliveryTag,
    [MessagingAttr.ConsumerGroup]: service,
    [MessagingAttr.BodySize]: message.content.length,
    [MessagingAttr.Pattern]: pattern,
    [MessagingAttr.Redelivered]: message.fields.redelivered,
  };
  if (typeof correlationId === 'string') attributes[MessagingAttr.ConversationId] = correlationId;
  if (message.properties.messageId)
    attributes[MessagingAttr.MessageId] = String(message.properties.messageId);
  return attributes;
}
