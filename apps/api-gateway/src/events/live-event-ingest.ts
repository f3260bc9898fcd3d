import type { Channel, ConsumeMessage } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { LIVE_EVENT_SOURCES, type EventContract } from '@medicalink/contracts';
import { assertLiveEventsQueue, type AmqpConnection, type QueueType } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import type { EventLog } from './event-log';
import { toLiveEvent } from './live-event-envelope';

export interface LiveEventIngestOptions {
  prefix: string;
  queueType: QueueType;
  /** idle queue expiry (throw-away environments only) */
  queueExpiresMs?: number;
  prefetch: number;
  /** messages the queue holds at most while no gateway reads it (oldest dropped first) */
  maxQueued: number;
}

/** Before a message whose logging failed (Redis away) is handed back to the queue. */
const REQUEUE_DELAY_MS = 1_000;

/**
 * Copies every streamed event into the replay log. The gateway instances share one durable
 * queue: each event is logged once whichever instance takes it, the queue keeps what is
 * published while no gateway runs or while Redis is away, and it outlives a broker restart
 * (persistent messages, durable queue). Each instance then serves its clients from the log,
 * not from a queue of its own, so every instance sends the same ids in the same order.
 */
export class LiveEventIngest {
  private wrapper: ChannelWrapper | null = null;
  private readonly contracts = new Map<string, EventContract>(
    LIVE_EVENT_SOURCES.map((contract) => [contract.name, contract]),
  );

  constructor(
    private readonly connection: AmqpConnection,
    private readonly log: EventLog,
    private readonly options: LiveEventIngestOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.wrapper = this.connection.createChannel({
      name: 'live-events',
      confirm: false,
      setup: (channel: Channel) => this.setup(channel),
    });
    await this.wrapper.waitForConnect();
  }

  async stop(): Promise<void> {
    await this.wrapper?.close();
    this.wrapper = null;
  }

  private async setup(channel: Channel): Promise<void> {
    const queue = await assertLiveEventsQueue(channel, {
      prefix: this.options.prefix,
      queueType: this.options.queueType,
      maxQueued: this.options.maxQueued,
      ...(this.options.queueExpiresMs ? { queueExpiresMs: this.options.queueExpiresMs } : {}),
      eventNames: [...this.contracts.keys()],
    });
    await channel.prefetch(this.options.prefetch);
    await channel.consume(queue, (message) => {
      if (message) void this.handle(channel, message);
    });
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const event = this.decode(message);
    if (!event) return safely(() => channel.ack(message));
    const messageId = String(message.properties.messageId ?? `${event.type}:${event.subject.id}`);
    try {
      await this.log.append(messageId, event);
      safely(() => channel.ack(message));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'live events: cannot log an event');
      setTimeout(() => safely(() => channel.nack(message, false, true)), REQUEUE_DELAY_MS);
    }
  }

  /** The event as the stream carries it; a message breaking its contract is dropped, logged. */
  private decode(message: ConsumeMessage) {
    const type = String(message.properties.type ?? message.fields.routingKey);
    const contract = this.contracts.get(type);
    try {
      const parsed = contract?.payload.safeParse(JSON.parse(message.content.toString('utf8')));
      if (parsed?.success) {
        const event = toLiveEvent(type, parsed.data as Record<string, unknown>, new Date());
        if (event) return event;
      }
    } catch {
      // not JSON: dropped below
    }
    this.logger.warn({ type }, 'live events: dropped an event that breaks its contract');
    return null;
  }
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // the channel closed: the broker redelivers the message, and the log de-duplicates it
  }
}
