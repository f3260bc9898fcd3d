import { ServiceBroker } from 'moleculer';
import { MOLECULER_ACTION, MOLECULER_SERVICE, type EchoPayload } from '../echo-spec';
import { moleculerOptions } from '../peers/moleculer-options';
import { checkEcho, echoRequest, type ConnectEchoClient } from './echo-client';

/** Moleculer as an app calls a remote action: broker.call over its AMQP transporter. */
export const connectEchoClient: ConnectEchoClient = async (spec) => {
  const broker = new ServiceBroker(moleculerOptions(spec, 'client'));
  await broker.start();
  await broker.waitForServices(MOLECULER_SERVICE, 30_000);
  return {
    async call(n) {
      checkEcho(n, await broker.call<EchoPayload, EchoPayload>(MOLECULER_ACTION, echoRequest(n)));
    },
    async close() {
      await broker.stop();
    },
  };
};
