import type { Channel, Message } from 'amqplib';

type AckingChannel = Pick<Channel, 'ack' | 'nack'>;

/**
 * Settles the deliveries of one channel. Acks requested in the same turn of the
 * event loop go out together at its end: when they complete every delivery up
 * to the highest one, as a single `multiple` ack (the broker then does the work
 * of one ack, not dozens), otherwise one by one. An ack is still only requested
 * once its handler has finished, and it is never held past the current turn.
 */
export class DeliveryAcks {
  /** every delivery not yet acked or nacked, in delivery-tag (arrival) order */
  private readonly unsettled = new Map<number, Message>();
  private readonly ready = new Set<number>();
  private flushQueued = false;

  constructor(private readonly channel: AckingChannel) {}

  /** Must see every delivery of the channel, or a `multiple` ack could cover it. */
  received(message: Message): void {
    this.unsettled.set(message.fields.deliveryTag, message);
  }

  ack(message: Message): void {
    this.ready.add(message.fields.deliveryTag);
    if (this.flushQueued) return;
    this.flushQueued = true;
    process.nextTick(() => this.flush());
  }

  nack(message: Message, requeue: boolean): void {
    this.unsettled.delete(message.fields.deliveryTag);
    this.channel.nack(message, false, requeue);
  }

  /** Sends the acks requested so far now (before closing the channel, say). */
  flush(): void {
    this.flushQueued = false;
    try {
      this.sendReadyAcks();
    } catch {
      // The channel closed meanwhile: the broker redelivers what was not acked.
    } finally {
      this.ready.clear();
    }
  }

  private sendReadyAcks(): void {
    const prefix = this.readyPrefix();
    if (prefix) this.channel.ack(prefix.last, prefix.count > 1);
    const coveredUpTo = prefix?.last.fields.deliveryTag ?? 0;
    for (const tag of this.ready) {
      const message = this.unsettled.get(tag);
      this.unsettled.delete(tag);
      if (message && tag > coveredUpTo) this.channel.ack(message);
    }
  }

  /** The oldest unsettled deliveries that are all ready to ack, if any. */
  private readyPrefix(): { last: Message; count: number } | undefined {
    let last: Message | undefined;
    let count = 0;
    for (const [tag, message] of this.unsettled) {
      if (!this.ready.has(tag)) break;
      last = message;
      count += 1;
    }
    return last ? { last, count } : undefined;
  }
}
