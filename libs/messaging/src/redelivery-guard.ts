import { createHash } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import type { ErrorEnvelope } from '@medicalink/contracts';

/** Durable counts of redeliveries: they must outlive the process a poison message ends. */
export interface RedeliveryLedger {
  /** Records one more redelivery of the message to `consumer`; resolves with how many so far. */
  countRedelivery(consumer: string, messageKey: string): Promise<number>;
}

export interface RedeliveryGuardSettings {
  ledger: RedeliveryLedger;
  /** redeliveries still handled; the next one is dead-lettered unhandled */
  limit: number;
}

export const REDELIVERY_LIMIT_CODE = 'REDELIVERY_LIMIT';

/**
 * The broker delivers a message again only when an earlier delivery was never acked: the
 * channel or connection closed, or the process ended, while it was being handled. A message
 * whose handling itself ends the process would loop like that forever, so redeliveries are
 * counted and, past the limit, the message goes to the dead-letter queue without being handled.
 */
export async function redeliveryVerdict(
  settings: RedeliveryGuardSettings | undefined,
  consumer: string,
  message: ConsumeMessage,
): Promise<ErrorEnvelope | undefined> {
  if (!settings || !message.fields.redelivered) return undefined;
  const count = await settings.ledger.countRedelivery(consumer, messageKey(message));
  if (count <= settings.limit) return undefined;
  return {
    code: REDELIVERY_LIMIT_CODE,
    message: `Delivered ${count + 1} times without being acknowledged (its handling may end the process); not handled again`,
    status: 500,
    retryable: false,
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
