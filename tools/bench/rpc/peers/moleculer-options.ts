import type { BrokerOptions } from 'moleculer';
import type { ServerSpec } from '../echo-spec';

/**
 * Both Moleculer brokers of the bench, tuned as Moleculer's documentation allows for an RPC over
 * its AMQP transporter (amqplib underneath):
 *   - disableBalancer: requests go to one queue per action (`MOL-<ns>.REQB.echo.echo`) that the
 *     broker balances, as our transport's per-service queue; the transporter acks a request after
 *     its handler (its own choice, as ours);
 *   - prefetch: the bench's, as for the other servers that ack after the work (default 1);
 *   - socketOptions (amqplib's): Nagle off, as ours and raw;
 *   - the AMQP heartbeat at 10 s (amqplib's url parameter), as ours;
 *   - requestTimeout 10 s, the deadline the other clients give a call (Moleculer has none by
 *     default); serializer JSON (the default; the binary ones need another package and gain
 *     little on a 20-byte body); logger, metrics and tracing off.
 */
export function moleculerOptions(
  { url, names, prefetch }: ServerSpec,
  role: 'server' | 'client',
): BrokerOptions {
  const heartbeatUrl = new URL(url);
  heartbeatUrl.searchParams.set('heartbeat', '10');
  return {
    namespace: names.moleculerNamespace,
    nodeID: moleculerNodeId(names.moleculerNamespace, role),
    logger: false,
    metrics: false,
    tracing: false,
    disableBalancer: true,
    requestTimeout: 10_000,
    serializer: 'JSON',
    skipProcessEventRegistration: true,
    transporter: {
      type: 'AMQP',
      options: {
        url: heartbeatUrl.toString(),
        prefetch: Math.max(prefetch, 1),
        socketOptions: { noDelay: true },
        autoDeleteQueues: true,
      },
    },
  };
}

export function moleculerNodeId(namespace: string, role: 'server' | 'client'): string {
  return `${namespace}-${role}`;
}

/** Packet kinds Moleculer gives a queue per node, and those with a fanout exchange. */
const NODE_QUEUES = [
  'EVENT',
  'REQ',
  'RES',
  'DISCOVER',
  'INFO',
  'DISCONNECT',
  'HEARTBEAT',
  'PING',
  'PONG',
];
const BROADCAST_EXCHANGES = ['DISCOVER', 'INFO', 'DISCONNECT', 'HEARTBEAT', 'PING'];
/** The actions of the broker's internal `$node` service: with disableBalancer, a queue each. */
const INTERNAL_ACTIONS = ['list', 'services', 'actions', 'events', 'health', 'options', 'metrics'];

/** Every queue and exchange the two brokers of `namespace` create, for the bench to delete. */
export function moleculerTopology(namespace: string, action: string) {
  const prefix = `MOL-${namespace}`;
  const nodes = (['server', 'client'] as const).map((role) => moleculerNodeId(namespace, role));
  return {
    queues: [
      `${prefix}.REQB.${action}`,
      ...INTERNAL_ACTIONS.map((internal) => `${prefix}.REQB.$node.${internal}`),
      ...nodes.flatMap((node) => NODE_QUEUES.map((kind) => `${prefix}.${kind}.${node}`)),
    ],
    exchanges: BROADCAST_EXCHANGES.map((kind) => `${prefix}.${kind}`),
  };
}
