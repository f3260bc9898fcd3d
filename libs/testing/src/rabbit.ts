import amqplib, {
  type ConsumeMessage,
  type GetMessage,
  type MessageProperties,
  type Options,
} from 'amqplib';
import { eventually } from './eventually';

export interface ReceivedMessage {
  body: unknown;
  raw: string;
  headers: Record<string, unknown>;
  properties: MessageProperties;
  redelivered: boolean;
}

/** Takes (and acks) `count` messages from a queue, waiting up to `timeoutMs` for them. */
export async function takeMessages(
  url: string,
  queue: string,
  count: number,
  timeoutMs = 10_000,
): Promise<ReceivedMessage[]> {
  const connection = await amqplib.connect(url);
  const received: ReceivedMessage[] = [];
  try {
    const channel = await connection.createChannel();
    await eventually(
      async () => {
        let message = await channel.get(queue, { noAck: true });
        while (message && received.length < count) {
          received.push(toReceived(message));
          if (received.length < count) message = await channel.get(queue, { noAck: true });
        }
        if (received.length < count)
          throw new Error(`${queue}: ${received.length} of ${count} messages`);
      },
      { timeoutMs, intervalMs: 25 },
    );
    await channel.close();
    return received;
  } finally {
    await connection.close();
  }
}

/** How many messages wait in a queue now. */
export async function queueDepth(url: string, queue: string): Promise<number> {
  const connection = await amqplib.connect(url);
  try {
    const channel = await connection.createChannel();
    const { messageCount } = await channel.checkQueue(queue);
    await channel.close();
    return messageCount;
  } finally {
    await connection.close();
  }
}

/** Publishes bytes exactly as given (for malformed or foreign messages), confirmed. */
export async function publishRaw(
  url: string,
  target: { exchange?: string; routingKey: string },
  body: string | Buffer,
  properties: Options.Publish = {},
): Promise<void> {
  const connection = await amqplib.connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    channel.publish(
      target.exchange ?? '',
      target.routingKey,
      Buffer.isBuffer(body) ? body : Buffer.from(body),
      properties,
    );
    await channel.waitForConfirms();
    await channel.close();
  } finally {
    await connection.close();
  }
}

export function toReceived(message: GetMessage | ConsumeMessage): ReceivedMessage {
  const raw = message.content.toString('utf8');
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    /* keep the raw text */
  }
  return {
    body,
    raw,
    headers: message.properties.headers ?? {},
    properties: message.properties,
    redelivered: message.fields.redelivered,
  };
}
