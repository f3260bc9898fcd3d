import { ServiceBroker } from 'moleculer';
import { MOLECULER_SERVICE, type EchoPayload } from '../echo-spec';
import { moleculerOptions } from '../peers/moleculer-options';
import { serveEcho } from './serve';

/**
 * Moleculer's AMQP transporter: a broker with an `echo` service whose `echo` action returns its
 * params, declared (validated by Moleculer's default validator) as its documentation shows.
 */
serveEcho(async (spec) => {
  const broker = new ServiceBroker(moleculerOptions(spec, 'server'));
  broker.createService({
    name: MOLECULER_SERVICE,
    actions: {
      echo: {
        params: { n: 'number|integer', text: 'string' },
        handler(ctx: { params: EchoPayload }): EchoPayload {
          return ctx.params;
        },
      },
    },
  });
  await broker.start();
  return () => broker.stop();
});
