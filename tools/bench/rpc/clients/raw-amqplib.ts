import amqp from 'amqplib';
import type { EchoPayload } from '../echo-spec';
import { checkEcho, echoRequest, type ConnectEchoClient } from './echo-client';

const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

/** Baseline client: plain amqplib, direct reply-to, Nagle off, no timeouts or headers. */
export const connectEchoClient: ConnectEchoClient = async ({ url, names }) => {
  const connection = await amqp.connect(url, { noDelay: true });
  const channel = await connection.createChannel();
  const pending = new Map<string, (reply: EchoPayload) => void>();
  await channel.consume(
    DIRECT_REPLY_TO,
    (message) => {
      if (!message) return;
      const id = message.properties.correlationId as string;
      const resolve = pending.get(id);
      if (!resolve) return;
      pending.delete(id);
      resolve(JSON.parse(message.content.toString('utf8')) as EchoPayload);
    },
    { noAck: true },
  );
  let sequence = 0;
  return {
    async call(n) {
      const id = String(sequence++);
      const reply = new Promise<EchoPayload>((resolve) => pending.set(id, resolve));
      channel.publish('', names.rawQueue, Buffer.from(JSON.stringify(echoRequest(n))), {
        correlationId: id,
        replyTo: DIRECT_REPLY_TO,
        contentType: 'application/json',
      });
      checkEcho(n, await reply);
    },
    async close() {
      await connection.close();
    },
  };
};
