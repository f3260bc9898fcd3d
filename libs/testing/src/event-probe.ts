import amqplib from 'amqplib';
import { eventsExchangeName } from '@medicalink/messaging';
import { eventually } from './eventually';
import { toReceived, type ReceivedMessage } from './rabbit';

export interface EventProbe {
  /** every event received so far, in arrival order */
  readonly received: readonly ReceivedMessage[];
  /** waits for an event of that name whose body matches, and returns it */
  waitFor(
    name: string,
    match?: (body: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedMessage>;
  /** events of that name whose body matches, received so far */
  matching(name: string, match?: (body: Record<string, unknown>) => boolean): ReceivedMessage[];
  close(): Promise<void>;
}

/**
 * Listens on the namespace's event exchange through a queue of the test's own,
 * to see exactly what services published.
 */
export async function probeEvents(
  url: string,
  prefix: string,
  names: readonly string[],
): Promise<EventProbe> {
  const connection = await amqplib.connect(url);
  const channel = await connection.createChannel();
  const exchange = eventsExchangeName(prefix);
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  for (const name of names) await channel.bindQueue(queue, exchange, name);
  const received: ReceivedMessage[] = [];
  await channel.consume(queue, (message) => message && received.push(toReceived(message)), {
    noAck: true,
  });
  const matching = (name: string, match: (body: Record<string, unknown>) => boolean = () => true) =>
    received.filter(
      (event) => event.properties.type === name && match(event.body as Record<string, unknown>),
    );
  return {
    received,
    matching,
    waitFor: (name, match, timeoutMs = 10_000) =>
      eventually(
        () => {
          const [event] = matching(name, match);
          if (!event)
            throw new Error(`no ${name} event matching yet (${received.length} events seen)`);
          return event;
        },
        { timeoutMs, intervalMs: 20 },
      ),
    close: async () => {
      await connection.close();
    },
  };
}
