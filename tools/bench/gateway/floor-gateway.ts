import Fastify from 'fastify';
import { connectEchoClient } from '../rpc/clients/raw-amqplib';
import { sendToParent } from '../rpc/echo-spec';
import { serveEcho } from '../rpc/echo-servers/serve';

/**
 * The floor under a gateway hit on this machine: a bare Fastify route that makes one raw amqplib
 * RPC (the rpc bench's raw client, to its raw echo server) per request and answers with the echo.
 * No Nest, no token check, no validation, no context, no cache: only HTTP plus one RabbitMQ round
 * trip. Forked by gateway-bench (floor row); reports its URL over IPC, stops on SIGTERM.
 */
serveEcho(async (spec) => {
  const rpc = await connectEchoClient(spec);
  const app = Fastify({ logger: false });
  let sequence = 0;
  app.get<{ Params: { id: string } }>('/doctors/:id', async (request) => {
    const n = sequence++;
    await rpc.call(n);
    return { id: request.params.id, n };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  await sendToParent({ type: 'listening', url });
  return async () => {
    await app.close();
    await rpc.close();
  };
});
