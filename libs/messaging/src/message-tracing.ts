import type { ConsumeMessage } from 'amqplib';
import {
  extractSpanContext,
  injectTraceContext,
  tracingEnabled,
  type Attributes,
  type Span,
  type SpanContext,
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

/** A producer or client span's attributes that are the same on every span of its pattern. */
export function sharedMessagingAttributes(attributes: Attributes): Attributes {
  return Object.freeze(messagingAttributes(attributes));
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

/** The producer's span, as the parent of the consumer's (none: the consumer's starts a trace). */
export function remoteParentOf(message: ConsumeMessage): SpanContext | undefined {
  return extractSpanContext(message.properties.headers);
}

/** A consumer span's attributes: those of its queue and pattern, shared, and its delivery's. */
export interface DeliveryAttributes {
  sharedAttributes: Attributes;
  attributes: Attributes;
}

/** where a delivery came from and what it is, per destination, routing key and pattern */
const sharedByDelivery = new Map<string, Attributes>();
/** a bound: the pattern is whatever the message's type says */
const MAX_SHARED = 1_000;

/**
 * Attributes every consumer span has: those that depend only on the queue and pattern are one
 * frozen object per pattern (the span writes their JSON once), the delivery's own are a small
 * fresh object. An RPC request has no message id of its own: its correlation id names it.
 * Kept few (each costs every delivery its JSON and its bytes to the collector): no consumer
 * group (the resource's service.name says it), no body size (opt-in in the conventions), and
 * redelivered only when true.
 */
export function deliveryAttributes(message: ConsumeMessage, pattern: string): DeliveryAttributes {
  const { fields, properties } = message;
  const destination = fields.exchange || fields.routingKey;
  const key = `${destination}\n${fields.routingKey}\n${pattern}`;
  let sharedAttributes = sharedByDelivery.get(key);
  if (!sharedAttributes) {
    sharedAttributes = Object.freeze({
      [MessagingAttr.System]: 'rabbitmq',
      [MessagingAttr.OperationType]: 'process',
      [MessagingAttr.OperationName]: 'consume',
      [MessagingAttr.Destination]: destination,
      [MessagingAttr.RoutingKey]: fields.routingKey,
      [MessagingAttr.Pattern]: pattern,
    });
    if (sharedByDelivery.size < MAX_SHARED) sharedByDelivery.set(key, sharedAttributes);
  }
  const attributes: Attributes = { [MessagingAttr.DeliveryTag]: fields.deliveryTag };
  if (fields.redelivered) attributes[MessagingAttr.Redelivered] = true;
  const correlationId = properties.headers?.[Header.CorrelationId] as unknown;
  if (typeof correlationId === 'string') attributes[MessagingAttr.ConversationId] = correlationId;
  const messageId = (properties.messageId ?? properties.correlationId) as string | undefined;
  if (messageId) attributes[MessagingAttr.MessageId] = String(messageId);
  return { sharedAttributes, attributes };
}
