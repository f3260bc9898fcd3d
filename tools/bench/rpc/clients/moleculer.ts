import { Errors, ServiceBroker } from 'moleculer';
import { MOLECULER_ACTION, MOLECULER_SERVICE, type EchoPayload } from '../echo-spec';
import { moleculerOptions } from '../peers/moleculer-options';
import { checkEcho, echoRequest, type ConnectEchoClient } from './echo-client';

/** Moleculer as an app calls a remote action: broker.call over its AMQP transporter. */
export const connectEchoClient: ConnectEchoClient = async (spec) => {
  const broker = new ServiceBroker(moleculerOptions(spec, 'client'));
  await broker.start();
  await broker.waitForServices(MOLECULER_SERVICE, 30_000);
  await firstAnswer(broker);
  return {
    async call(n) {
      checkEcho(n, await broker.call<EchoPayload, EchoPayload>(MOLECULER_ACTION, echoRequest(n)));
    },
    async close() {
      await broker.stop();
    },
  };
};

/**
 * The server announces its service before it consumes the action's queue (its balanced
 * subscriptions follow a debounce), and a request sent to that queue before it exists is
 * dropped, to time out 10 s later: the first call of a window would stall. Calls with a short
 * timeout until one is answered, as our client's ready() waits for its reply consumer.
 */
async function firstAnswer(broker: ServiceBroker): Promise<void> {
  const giveUpAt = Date.now() + 30_000;
  for (;;) {
    try {
      await broker.call(MOLECULER_ACTION, echoRequest(0), { timeout: 500 });
      return;
    } catch (error) {
      if (!(error instanceof Errors.RequestTimeoutError) || Date.now() > giveUpAt) throw error;
    }
  }
}
