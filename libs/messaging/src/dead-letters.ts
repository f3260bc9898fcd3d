import { createHash } from 'node:crypto';
import type { ConfirmChannel, GetMessage } from 'amqplib';
import type { Logger } from 'pino';
import { TransportErrorCode } from '@medicalink/contracts';
import type { AmqpConnection } from './connection';
import { clip, DEAD_LETTER_LIMITS, isMaskedName, previewBody } from './dead-letter-preview';
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
  /** each value cut to DEAD_LETTER_LIMITS.headerChars */
  headers: Record<string, string>;
  /**
   * the payload, password, token and secret fields masked; a large one as a preview (long
   * strings and arrays cut), and none once the page's byte budget is spent (see previewBody)
   */
  body: unknown;
  /** the size of the message body in the queue */
  bodyBytes: number;
  /** whether `body` is less than the whole payload */
  bodyTruncated: boolean;
}

/** the most messages one page may reach into the queue for (page * limit) */
export const DEAD_LETTER_BROWSE_MAX = 10_000;

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

  /**
   * Messages `offset` .. `offset + limit` in queue order, none removed; total = the queue's
   * depth. Each message is described (a bounded preview) as it is read and then let go, so a
   * listing holds one message and the page's previews (DEAD_LETTER_LIMITS.pageBytes), not
   * page x limit messages, whatever their size.
   */
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
      const messages: DeadLetter[] = [];
      let budget: number = DEAD_LETTER_LIMITS.pageBytes;
      let held = 0;
      try {
        while (held < Math.min(reach, total)) {
          const message = await channel.get(topology.deadLetterQueue, { noAck: false });
          if (!message) break;
          held += 1;
          if (held <= offset) continue;
          const letter = describe(message, topology, budget);
          budget -= letter.cost;
          messages.push(letter.view);
        }
      } finally {
        // Every message read is put back, in its place; none of them is referenced any more.
        if (held > 0) channel.nackAll(true);
      }
      await returned(channel, topology.deadLetterQueue, total);
      return { messages, total };
    });
  }

  /**
   * Sends the chosen messages (all when `ids` is undefined) back to the queue they failed on,
   * with a fresh attempt count and the operator's account id (`by`, also logged); each copy is
   * confirmed by the broker before its dead letter is acked (at least once). The others stay
   * where they were: put back all at once at the end, so none is held in memory meanwhile.
   */
  async replay(service: string, ids: readonly string[] | undefined, by: string): Promise<number> {
    const topology = topologyFor(this.prefix, service);
    const wanted = ids ? new Set(ids) : undefined;
    return this.exclusive(topology.deadLetterQueue, async (channel) => {
      const total = await depth(channel, topology.deadLetterQueue);
      if (total === null) return 0;
      let read = 0;
      let replayed = 0;
      try {
        while (read < total) {
          const message = await channel.get(topology.deadLetterQueue, { noAck: false });
          if (!message) break;
          read += 1;
          const letter = identify(message, topology);
          if (wanted && !wanted.has(letter.id)) continue;
          await this.sendBack(channel, message, letter, by);
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
              replayedBy: by,
            },
            'dead-lettered message replayed',
          );
        }
      } finally {
        // The ones replayed were acked one by one: only those left unacked go back.
        if (read > replayed) channel.nackAll(true);
      }
      await returned(channel, topology.deadLetterQueue, total - replayed);
      return replayed;
    });
  }

  private async sendBack(
    channel: ConfirmChannel,
    message: GetMessage,
    letter: LetterIdentity,
    by: string,
  ) {
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
    headers[Header.ReplayedAt] = new Date().toISOString();
    headers[Header.ReplayedBy] = by;
    headers[Header.ReplayedErrorCode] = letter.errorCode ?? '';
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

/** What names a dead letter and says where it goes back to: cheap, no body involved. */
interface LetterIdentity {
  id: string;
  pattern: string | null;
  queue: string;
  errorCode: string | null;
}

function identify(message: GetMessage, topology: Topology): LetterIdentity {
  const headers = message.properties.headers ?? {};
  return {
    id: (message.properties.messageId as string | undefined) ?? contentId(message),
    pattern: (message.properties.type as string | undefined) ?? null,
    queue: replayQueue(headerString(headers, Header.OriginalQueue), topology),
    errorCode: headerString(headers, Header.ErrorCode) ?? null,
  };
}

/** For a message without an id: a hash of its content and (unmasked, uncut) headers. */
function contentId(message: GetMessage): string {
  const headers = message.properties.headers ?? {};
  const stringHeaders = Object.fromEntries(
    Object.keys(headers)
      .filter((name) => !isMaskedName(name))
      .map((name) => [name, headerString(headers, name) ?? '']),
  );
  return createHash('sha256')
    .update(message.content)
    .update(JSON.stringify(stringHeaders))
    .digest('hex')
    .slice(0, 32);
}

/** A dead letter as a listing shows it, its body within `budget` bytes; `cost`: what it took. */
function describe(
  message: GetMessage,
  topology: Topology,
  budget: number,
): { view: DeadLetter; cost: number } {
  const headers = message.properties.headers ?? {};
  const { cost, ...body } = previewBody(message.content, budget);
  const errorMessage = headerString(headers, Header.ErrorMessage);
  return {
    view: {
      ...identify(message, topology),
      errorMessage: errorMessage === undefined ? null : clip(errorMessage),
      errorStatus: headerNumber(headers, Header.ErrorStatus) ?? null,
      attempts: headerNumber(headers, Header.Attempt) ?? null,
      failedAt: headerString(headers, Header.FailedAt) ?? null,
      correlationId: (message.properties.correlationId as string | undefined) ?? null,
      headers: Object.fromEntries(
        Object.keys(headers)
          .filter((name) => !isMaskedName(name))
          .map((name) => [name, clip(headerString(headers, name) ?? '')]),
      ),
      ...body,
    },
    cost,
  };
}

/**
 * The routing key a message failed under is its queue for an RPC (sent to the queue) but the
 * event name for an event (published to the exchange): events go back to the events queue.
 */
function replayQueue(original: string | undefined, topology: Topology): string {
  return original === topology.rpcQueue ? topology.rpcQueue : topology.eventsQueue;
}
