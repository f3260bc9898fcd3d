import pino from 'pino';
import { AmqpConnection, RpcClient } from '@medicalink/messaging';
import { echoContract } from '../echo-spec';
import { checkEcho, echoRequest, type ConnectEchoClient } from './echo-client';

/** Our transport as an app calls it: RpcClient.call with the default resilience policies. */
export const connectEchoClient: ConnectEchoClient = async ({ url, names }) => {
  const logger = pino({ level: 'silent' });
  const connection = new AmqpConnection({ url, name: 'bench-client-medicalink' }, logger);
  const client = new RpcClient(
    connection,
    { prefix: names.prefix, defaultTimeoutMs: 10_000 },
    logger,
  );
  await connection.waitForConnection(30_000);
  await client.ready();
  return {
    async call(n) {
      checkEcho(n, await client.call(echoContract, echoRequest(n)));
    },
    async close() {
      await client.close();
      await connection.close();
    },
  };
};
