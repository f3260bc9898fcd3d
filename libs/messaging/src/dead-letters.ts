import { createHash } from 'node:crypto';
import type { ConfirmChannel, GetMessage } from 'amqplib';
import type { Logger } from 'pino';
import { TransportErrorCode } from '@medicalink/contracts';
import type { AmqpConnection } from './connection';
import { rpcError } from './errors';
import { Header, headerNumber, headersForCopy, headerString } from './headers';
import { messagingMetrics } from './messaging-metrics';
import { topologyFor, type Topology } from './topology';

export interface DeadLetter {
  /** the message id (or, for a message without one, a hash of its content and headers) */
  id: string;
  pattern: string | null;
  /** the queue it will be replayed to */
  queue: string;
  errorCode: string | null;
  errorMessage: string | null;
  errorStatus: number | null;
  attempts: number | null;
  failedAt: string | null;
  correlationId: string | null;
  headers: Record<string, string>;
  /** the payload, with password, token and secret fields masked */
  body: unknown;
}

/** the most messages one page may reach into the queue for (page * limit) */
export const DEAD_LETTER_BROWSE_MAX = 10_000;
const MASKED = /password|secret|token|authorization/i;

/**
 * Operator access to a service's dead-letter queue over AMQP, which has no "peek": a message
 * is read with basic.get (manual ack) and put back with basic.nack(requeue). RabbitMQ puts a
 * requeued message back at its original position (so the order is kept) and marks it
 * redelivered, which nobody reads on a DLQ (it has no consumer; a replay publishes a fresh
 * copy). nack, not reject: on quorum queues reject counts as a failed delivery against the
 * delivery limit, nack does not (RabbitMQ 4.3+; older brokers count every return, and have
 * no limit unless one is set). While a browse or replay holds messages, another one does not
 * see them, so operations on one queue are serialized in this process.
 */
export class DeadLetterQueues {
  private readonly replayed = messagingMetrics.replayed();
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(
    private readonly connection: AmqpConnection,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  /** Messages `offset` .. `offset + limit` in queue order, none removed; total = the queue's depth. */
  async list(
    service: string,
    offset: number,
    limit: number,
  ): Promise<{ messages: DeadLetter[]; total: number }> {
    const topology = topologyFor(this.prefix, service);
    const reach = Math.min(offset + limit, DEAD_LETTER_BROWSE_MAX);
    return this.exclusive(topology.deadLetterQueue, async (channel) => {
      const total = await depth(channel, topology.deadLetterQueue);
      if (total === null) return { messages: [], total: 0 };
      const held: GetMessage[] = [];
      try {
        while (held.length < Math.min(reach, total)) {
          const message = await channel.get(topology.deadLetterQueue, { noAck: false });
          if (!message) break;
          held.push(message);
        }
      } finally {
        if (held.length > 0) channel.nackAll(true);
      }
      await returned(channel, topology.deadLetterQueue, total);
      return { messages: held.slice(offset).map((m) => describe(m, topology)), total };
    });
  }

  /**
   * Sends the chosen messages (all when `ids` is undefined) back to the queue they failed on,
   * with a fresh attempt count; each copy is confirmed by the broker before its dead letter
   * is acked (at least once). The others stay where they were.
   */
  async replay(service: string, ids: readonly string[] | undefined): Promise<number> {
    const topology = topologyFor(this.prefix, service);
    const wanted = ids ? new Set(ids) : undefined;
    return this.exclusive(topology.deadLetterQueue, async (channel) => {
      const total = await depth(channel, topology.deadLetterQueue);
      if (total === null) return 0;
      const kept: GetMessage[] = [];
      let replayed = 0;
      try {
        for (let seen = 0; seen < total; seen += 1) {
          const message = await channel.get(topology.deadLetterQueue, { noAck: false });
          if (!message) break;
          const letter = describe(message, topology);
          if (wanted && !wanted.has(letter.id)) {
            kept.push(message);
            continue;
          }
          await this.sendBack(channel, message, letter);
          channel.ack(message);
          replayed += 1;
          this.replayed.inc({ service, pattern: letter.pattern ?? '' });
          this.logger.warn(
            {
              service,
              messageId: letter.id,
              pattern: letter.pattern,
              queue: letter.queue,
              errorCode: letter.errorCode,
            },
            'dead-lettered message replayed',
          );
        }
      } finally {
        for (const message of kept) channel.nack(message, false, true);
      }
      await returned(channel, topology.deadLetterQueue, total - replayed);
      return replayed;
    });
  }

  private async sendBack(channel: ConfirmChannel, message: GetMessage, letter: DeadLetter) {
    const { properties } = message;
    const headers = headersForCopy(properties.headers);
    for (const name of [
      Header.Attempt,
      Header.ErrorCode,
      Header.ErrorMessage,
      Header.ErrorStatus,
      Header.ErrorDetails,
      Header.FailedAt,
      Header.OriginalQueue,
    ]) {
      delete headers[name];
    }
    headers['x-replayed-at'] = new Date().toISOString();
    headers['x-replayed-error-code'] = letter.errorCode ?? '';
    channel.sendToQueue(letter.queue, message.content, {
      persistent: true,
      headers,
      contentType: properties.contentType as string | undefined,
      messageId: properties.messageId as string | undefined,
      correlationId: properties.correlationId as string | undefined,
      type: properties.type as string | undefined,
      appId: properties.appId as string | undefined,
      timestamp: properties.timestamp as number | undefined,
    });
    await channel.waitForConfirms();
  }

  private async exclusive<T>(
    queue: string,
    work: (channel: ConfirmChannel) => Promise<T>,
  ): Promise<T> {
    const previous = this.busy.get(queue) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const result = await this.connection.withOwnChannel(work);
        if (result === undefined) {
          throw rpcError(
            TransportErrorCode.ServiceUnavailable,
            'Not connected to RabbitMQ',
            503,
            true,
          );
        }
        return result;
      });
    this.busy.set(queue, run);
    try {
      return await run;
    } finally {
      if (this.busy.get(queue) === run) this.busy.delete(queue);
    }
  }
}

/**
 * Waits (briefly) until the messages put back are ready again: a quorum queue applies returns
 * asynchronously, and the next operator request would otherwise find the queue short.
 */
async function returned(channel: ConfirmChannel, queue: string, expected: number): Promise<void> {
  const deadline = Date.now() + RETURN_WAIT_MS;
  while (Date.now() < deadline) {
    if (((await depth(channel, queue)) ?? 0) >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const RETURN_WAIT_MS = 2_000;

/** The queue's depth; null if it does not exist (its service never ran here), which closes the channel. */
async function depth(channel: ConfirmChannel, queue: string): Promise<number | null> {
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } catch (error) {
    if ((error as { code?: unknown }).code === 404) return null;
    throw error;
  }
}

function describe(message: GetMessage, topology: Topology): DeadLetter {
  const headers = message.properties.headers ?? {};
  const text = message.content.toString('utf8');
  const stringHeaders = Object.fromEntries(
    Object.keys(headers)
      .filter((name) => !MASKED.test(name))
      .map((name) => [name, headerString(headers, name) ?? '']),
  );
  return {
    id:
      (message.properties.messageId as string | undefined) ??
      createHash('sha256')
        .update(text)
        .update(JSON.stringify(stringHeaders))
        .digest('hex')
        .slice(0, 32),
    pattern: (message.properties.type as string | undefined) ?? null,
    queue: replayQueue(headerString(headers, Header.OriginalQueue), topology),
    errorCode: headerString(headers, Header.ErrorCode) ?? null,
    errorMessage: headerString(headers, Header.ErrorMessage) ?? null,
    errorStatus: headerNumber(headers, Header.ErrorStatus) ?? null,
    attempts: headerNumber(headers, Header.Attempt) ?? null,
    failedAt: headerString(headers, Header.FailedAt) ?? null,
    correlationId: (message.properties.correlationId as string | undefined) ?? null,
    headers: stringHeaders,
    body: mask(parse(text)),
  };
}

/**
 * The routing key a message failed under is its queue for an RPC (sent to the queue) but the
 * event name for an event (published to the exchange): events go back to the events queue.
 */
function replayQueue(original: string | undefined, topology: Topology): string {
  return original === topology.rpcQueue ? topology.rpcQueue : topology.eventsQueue;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, MASKED.test(key) ? '***' : mask(inner)]),
  );
}
