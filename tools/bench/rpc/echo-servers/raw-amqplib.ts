import amqp from 'amqplib';
import { serveEcho } from './serve';

/**
 * Baseline: plain amqplib. noAck false, the prefetch given, reply through the
 * caller's reply-to (direct reply-to), then ack. Nagle off (noDelay).
 */
serveEcho(async ({ url, names, prefetch }) => {
  const connection = await amqp.connect(url, { noDelay: true });
  const channel = await connection.createChannel();
  await channel.assertQueue(names.rawQueue, { durable: true });
  await channel.prefetch(prefetch);
  await channel.consume(
    names.rawQueue,
    (message) => {
      if (!message) return;
      const body: unknown = JSON.parse(message.content.toString('utf8'));
      channel.publish('', String(message.properties.replyTo), Buffer.from(JSON.stringify(body)), {
        correlationId: message.properties.correlationId as string,
        contentType: 'application/json',
      });
      channel.ack(message);
    },
    { noAck: false },
  );
  return async () => {
    await connection.close();
  };
});
