import { randomUUID } from 'node:crypto';
import type { ConfirmChannel } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { EventContract, EventPayloadInput } from '@medicalink/contracts';
import {
  childTraceparent,
  currentContext,
  inSpan,
  injectTraceContext,
  newCorrelationId,
  SpanKind,
  tracingEnabled,
} from '@medicalink/observability';
import type { AmqpConnection } from './connection';
import { Header, SCHEMA_VERSION } from './headers';
import { MessagingAttr, messagingAttributes } from './message-tracing';
import { assertSubscriberTopology, eventsExchangeName, type SubscriberTopology } from './topology';

export interface EventPublisherSettings {
  prefix: string;
  /** the publishing service, recorded as the message's app id */
  source: string;
  /** how long a publish may wait for the broker's confirm (including a reconnect) */
  confirmTimeoutMs?: number;
  /** declared before the first publish, so no event is dropped for want of a queue */
  subscribers?: SubscriberTopology;
}

export interface PublishOptions {
  /** stable id for consumers' de-duplication (the outbox row id, for example) */
  messageId?: string;
  correlationId?: string;
  causationId?: string;
  timeoutMs?: number;
}

/**
 * Publishes events persistent, to the one topic exchange, and resolves only
 * when the broker has confirmed them. While disconnected, publishes wait for
 * the reconnect (up to the confirm timeout) instead of being dropped.
 */
export class EventPublisher {
  private readonly wrapper: ChannelWrapper;
  private readonly exchange: string;

  constructor(
    connection: AmqpConnection,
    private readonly settings: EventPublisherSettings,
  ) {
    this.exchange = eventsExchangeName(settings.prefix);
    this.wrapper = connection.createChannel({
      name: 'event-publisher',
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        await channel.assertExchange(this.exchange, 'topic', { durable: true });
        if (settings.subscribers) {
          await assertSubscriberTopology(channel, settings.prefix, settings.subscribers);
        }
      },
    });
  }

  async publish<C extends EventContract>(
    contract: C,
    payload: EventPayloadInput<C>,
    options: PublishOptions = {},
  ): Promise<string> {
    const parsed = contract.payload.parse(payload);
    return this.publishSerialized(contract.name, JSON.stringify(parsed), options);
  }

  /** For payloads validated and serialized earlier (the outbox stores them that way). */
  async publishSerialized(
    name: string,
    body: string,
    options: PublishOptions = {},
  ): Promise<string> {
    const context = currentContext();
    const messageId = options.messageId ?? randomUUID();
    const correlationId = options.correlationId ?? context?.correlationId ?? newCorrelationId();
    const headers: Record<string, unknown> = {
      [Header.CorrelationId]: correlationId,
      [Header.SchemaVersion]: SCHEMA_VERSION,
    };
    const causationId = options.causationId ?? context?.messageId;
    if (causationId) headers[Header.CausationId] = causationId;
    if (!tracingEnabled()) {
      headers[Header.Traceparent] = childTraceparent(context?.traceparent);
      return this.send(name, body, messageId, headers, options);
    }
    return inSpan(
      `publish ${name}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: messagingAttributes({
          [MessagingAttr.OperationType]: 'send',
          [MessagingAttr.OperationName]: 'publish',
          [MessagingAttr.Destination]: this.exchange,
          [MessagingAttr.RoutingKey]: name,
          [MessagingAttr.MessageId]: messageId,
          [MessagingAttr.ConversationId]: correlationId,
          [MessagingAttr.BodySize]: Buffer.byteLength(body),
          [MessagingAttr.Pattern]: name,
        }),
      },
      () => {
        injectTraceContext(headers);
        return this.send(name, body, messageId, headers, options);
      },
    );
  }

  private async send(
    name: string,
    body: string,
    messageId: string,
    headers: Record<string, unknown>,
    options: PublishOptions,
  ): Promise<string> {
    await this.wrapper.publish(this.exchange, name, Buffer.from(body), {
      persistent: true,
      messageId,
      type: name,
      appId: this.settings.source,
      contentType: 'application/json',
      timestamp: Math.floor(Date.now() / 1000),
      headers,
      timeout: options.timeoutMs ?? this.settings.confirmTimeoutMs ?? 10_000,
    });
    return messageId;
  }

  async close(): Promise<void> {
    await this.wrapper.close();
  }
}
