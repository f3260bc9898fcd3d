import { Logger } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { NEST_ECHO_PATTERN, type EchoPayload } from '../echo-spec';
import { checkEcho, echoRequest, type ConnectEchoClient } from './echo-client';

/** Nest's built-in RMQ client with its defaults (direct reply-to, Nagle on). */
export const connectEchoClient: ConnectEchoClient = async ({ url, names }) => {
  Logger.overrideLogger(false);
  const client = ClientProxyFactory.create({
    transport: Transport.RMQ,
    options: { urls: [url], queue: names.nestQueue },
  });
  await client.connect();
  return {
    async call(n) {
      const reply = await lastValueFrom(
        client.send<EchoPayload, EchoPayload>(NEST_ECHO_PATTERN, echoRequest(n)),
      );
      checkEcho(n, reply);
    },
    async close() {
      await client.close();
    },
  };
};
