import type { ConsumeMessage, Options } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Logger } from 'pino';
import type { ErrorEnvelope } from '@medicalink/contracts';
import { spanEvent } from '@medicalink/observability';
import type { DeliveryAcks } from './delivery-acks';
import { Header, headersForCopy } from './headers';
import { MessagingAttr, MessagingEvent } from './message-tracing';
import { messagingMetrics } from './messaging-metrics';
import { retryDelayMs, type RetrySettings } from './retry-schedule';
import type { Topology } from './topology';

/**
 * Where a failed message goes: a delay queue for another attempt, or the
 * dead-letter queue with the error in its headers. The copy is confirmed by the
 * broker before the original is acked; if the broker refuses it, the original
 * is requeued, so a failure never loses a message.
 */
export class FailedMessageMover {
  private readonly metrics = {
    retried: messagingMetrics.retried(),
    deadLettered: messagingMetrics.deadLettered(),
  };

  constructor(
    private readonly channel: ChannelWrapper,
    private readonly topology: Topology,
    private readonly retry: RetrySettings,
    private readonly logger: Logger,
  ) {}

  async retryLater(
    acks: DeliveryAcks,
    message: ConsumeMessage,
    failure: ErrorEnvelope,
    attempt: number,
  ): Promise<void> {
    const delayMs = retryDelayMs(this.retry, attempt);
    const headers = {
      ...headersForCopy(message.properties.headers),
      ...errorHeaders(failure),
      [Header.Attempt]: attempt + 1,
    };
    const queue = this.topology.retryQueue(delayMs);
    if (await this.move(acks, message, queue, headers)) {
      spanEvent(MessagingEvent.RetryScheduled, {
        [MessagingAttr.Destination]: queue,
        [MessagingAttr.Attempt]: attempt + 1,
        'medicalink.messaging.delay_ms': delayMs,
        'error.type': failure.code,
      });
    }
    this.metrics.retried.inc({ pattern: String(message.properties.type) });
  }

  async deadLetter(
    acks: DeliveryAcks,
    message: ConsumeMessage,
    failure: ErrorEnvelope,
    attempts = 1,
  ): Promise<void> {
    const headers = {
      ...headersForCopy(message.properties.headers),
      ...errorHeaders(failure),
      [Header.Attempt]: attempts,
      [Header.OriginalQueue]: message.fields.routingKey,
    };
    if (!(await this.move(acks, message, this.topology.deadLetterQueue, headers))) return;
    spanEvent(MessagingEvent.DeadLettered, {
      [MessagingAttr.Destination]: this.topology.deadLetterQueue,
      [MessagingAttr.Attempt]: attempts,
      'error.type': failure.code,
    });
    this.metrics.deadLettered.inc({
      pattern: String(message.properties.type ?? ''),
      code: failure.code,
    });
    this.logger.error(
      {
        pattern: message.properties.type,
        code: failure.code,
        attempts,
        queue: this.topology.deadLetterQueue,
      },
      `message dead-lettered: ${failure.message}`,
    );
  }

  async close(): Promise<void> {
    await this.channel.close();
  }

  /** Publishes a confirmed copy (same body and properties, new headers), then acks the original. */
  private async move(
    acks: DeliveryAcks,
    original: ConsumeMessage,
    queue: string,
    headers: Record<string, unknown>,
  ): Promise<boolean> {
    const { properties } = original;
    const options: Options.Publish & { timeout: number } = {
      persistent: true,
      headers,
      contentType: properties.contentType as string | undefined,
      messageId: properties.messageId as string | undefined,
      correlationId: properties.correlationId as string | undefined,
      type: properties.type as string | undefined,
      appId: properties.appId as string | undefined,
      timestamp: properties.timestamp as number | undefined,
      timeout: 10_000,
    };
    try {
      await this.channel.sendToQueue(queue, original.content, options);
      acks.ack(original);
      return true;
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message, queue },
        'could not move failed message; requeueing it',
      );
      try {
        acks.nack(original, true);
      } catch {
        // The channel closed meanwhile: the broker redelivers the message anyway.
      }
      return false;
    }
  }
}

function errorHeaders(failure: ErrorEnvelope): Record<string, unknown> {
  return {
    [Header.ErrorCode]: failure.code,
    [Header.ErrorMessage]: failure.message.slice(0, 1_000),
    [Header.ErrorStatus]: failure.status,
    ...(failure.details
      ? { [Header.ErrorDetails]: JSON.stringify(failure.details).slice(0, 4_000) }
      : {}),
    [Header.FailedAt]: new Date().toISOString(),
  };
}
