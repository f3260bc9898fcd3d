import { createHash } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import type { ErrorEnvelope } from '@medicalink/contracts';
import { BROKER_DELIVERY_COUNT, headerNumber } from './headers';
import type { QueueType } from './topology';

/** Durable counts of redeliveries: they must outlive the process a poison message ends. */
export interface RedeliveryLedger {
  /** Records one more redelivery of the message to `consumer`; resolves with how many so far. */
  countRedelivery(consumer: string, messageKey: string): Promise<number>;
}

export interface RedeliveryGuardSettings {
  /**
   * Where redeliveries are counted on classic queues, which keep no count of their own (the
   * service's database: PostgresRedeliveryLedger). Quorum queues count them in the broker.
   * Without a ledger, classic queues are not guarded.
   */
  ledger?: RedeliveryLedger;
  /** redeliveries still handled; the next one is dead-lettered unhandled */
  limit: number;
}

export const REDELIVERY_LIMIT_CODE = 'REDELIVERY_LIMIT';
/** A redelivery that could not be counted (the ledger failed) is not handled: retried later. */
export const REDELIVERY_UNCOUNTED_CODE = 'REDELIVERY_UNCOUNTED';

export type RedeliveryVerdict =
  /** handle the message */
  | undefined
  /** dead-letter it unhandled */
  | { kind: 'poison'; error: ErrorEnvelope }
  /** its redelivery could not be counted (`cause`, for the logs): do not handle it now */
  | { kind: 'uncounted'; error: ErrorEnvelope; cause: unknown };

/**
 * The broker delivers a message again only when an earlier delivery was never acked: the
 * channel or connection closed, or the process ended, while it was being handled. A message
 * whose handling itself ends the process would loop like that forever, so redeliveries are
 * counted before the handler runs, where the crash cannot undo the count (the quorum queue's
 * own delivery count, else the ledger), and past the limit the message goes to the dead-letter
 * queue without being handled. A redelivery the ledger fails to count is not handled either:
 * handling it uncounted is how a poison message would loop while the ledger is down.
 */
export async function redeliveryVerdict(
  settings: RedeliveryGuardSettings | undefined,
  consumer: { service: string; queueType: QueueType },
  message: ConsumeMessage,
): Promise<RedeliveryVerdict> {
  if (!settings || !message.fields.redelivered) return undefined;
  const counted =
    consumer.queueType === 'quorum'
      ? headerNumber(message.properties.headers, BROKER_DELIVERY_COUNT)
      : undefined;
  let redeliveries = counted;
  if (redeliveries === undefined) {
    if (!settings.ledger) return undefined;
    try {
      redeliveries = await settings.ledger.countRedelivery(consumer.service, messageKey(message));
    } catch (cause) {
      return {
        kind: 'uncounted',
        error: {
          code: REDELIVERY_UNCOUNTED_CODE,
          message: 'A redelivered message could not be counted; not handled now, try again later',
          status: 503,
          retryable: true,
        },
        cause,
      };
    }
  }
  if (redeliveries <= settings.limit) return undefined;
  return {
    kind: 'poison',
    error: {
      code: REDELIVERY_LIMIT_CODE,
      message:
        `Delivered ${redeliveries + 1} times; the ${redeliveries} deliveries handled all ended ` +
        'without an acknowledgement (the consumer process or its channel died while handling ' +
        'the message, which may be what ends it); not handled again',
      status: 500,
      details: {
        deliveries: redeliveries + 1,
        limit: settings.limit,
        countedBy: counted === undefined ? 'ledger' : 'broker',
      },
      retryable: false,
    },
  };
}

/** The message id, else the correlation id (an RPC request), else a hash of the message. */
function messageKey(message: ConsumeMessage): string {
  const { messageId, correlationId, type } = message.properties as {
    messageId?: string;
    correlationId?: string;
    type?: string;
  };
  if (messageId) return messageId;
  if (correlationId) return `rpc:${correlationId}`;
  const hash = createHash('sha256')
    .update(String(type ?? message.fields.routingKey))
    .update(message.content)
    .digest('hex');
  return `sha256:${hash}`;
}
