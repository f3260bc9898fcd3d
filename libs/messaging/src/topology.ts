import type { Channel } from 'amqplib';

export type QueueType = 'classic' | 'quorum';

/** Every exchange and queue name a service uses, all under one prefix. */
export interface Topology {
  eventsExchange: string;
  rpcQueue: string;
  eventsQueue: string;
  deadLetterQueue: string;
  retryQueue(delayMs: number): string;
  /** the queue of one process, for the events every replica must see */
  instanceQueue(instanceId: string): string;
}

export function topologyFor(prefix: string, service: string): Topology {
  return {
    eventsExchange: eventsExchangeName(prefix),
    rpcQueue: rpcQueueName(prefix, service),
    eventsQueue: `${prefix}.${service}.events`,
    deadLetterQueue: `${prefix}.${service}.dlq`,
    retryQueue: (delayMs) => `${prefix}.${service}.retry.${delayMs}ms`,
    instanceQueue: (instanceId) => `${prefix}.${service}.instance.${instanceId}`,
  };
}

export const eventsExchangeName = (prefix: string) => `${prefix}.events`;
export const rpcQueueName = (prefix: string, service: string) => `${prefix}.${service}.rpc`;
/** The gateway instances' shared queue of the events GET /events streams. */
export const liveEventsQueueName = (prefix: string) => `${prefix}.gateway.live-events`;

function queueArguments(plan: ServerTopologyPlan, extra: Record<string, unknown> = {}) {
  return {
    'x-queue-type': plan.queueType,
    ...(plan.queueExpiresMs ? { 'x-expires': plan.queueExpiresMs } : {}),
    ...extra,
  };
}

export interface ServerTopologyPlan {
  topology: Topology;
  queueType: QueueType;
  eventNames: string[];
  retryDelaysMs: number[];
  /** idle queues are deleted after this long; unset in normal deployments */
  queueExpiresMs?: number;
}

/** Declares what a consuming service needs; idempotent, run on every (re)connect. */
export async function assertServerTopology(
  channel: Channel,
  plan: ServerTopologyPlan,
): Promise<void> {
  const { topology } = plan;
  const args = queueArguments(plan);
  await channel.assertExchange(topology.eventsExchange, 'topic', { durable: true });
  await channel.assertQueue(topology.rpcQueue, { durable: true, arguments: args });
  await channel.assertQueue(topology.deadLetterQueue, { durable: true, arguments: args });
  if (plan.eventNames.length === 0) return;
  await channel.assertQueue(topology.eventsQueue, { durable: true, arguments: args });
  for (const name of plan.eventNames) {
    await channel.bindQueue(topology.eventsQueue, topology.eventsExchange, name);
  }
  for (const delayMs of plan.retryDelaysMs) {
    // A retry queue has no consumer: messages wait out their TTL, then are
    // dead-lettered straight back to this service's events queue (not to the
    // exchange, so other subscribers do not see the retry).
    await channel.assertQueue(topology.retryQueue(delayMs), {
      durable: true,
      arguments: queueArguments(plan, {
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': topology.eventsQueue,
      }),
    });
  }
}

/**
 * Declares one process's own events queue and binds `eventNames` to it. Exclusive and
 * auto-deleted (so always classic): it lives as long as the connection that declared it, and
 * a reconnect declares it afresh.
 */
export async function assertInstanceQueue(
  channel: Channel,
  topology: Topology,
  instanceId: string,
  eventNames: readonly string[],
): Promise<string> {
  const queue = topology.instanceQueue(instanceId);
  await channel.assertExchange(topology.eventsExchange, 'topic', { durable: true });
  await channel.assertQueue(queue, {
    durable: false,
    exclusive: true,
    autoDelete: true,
    arguments: { 'x-queue-type': 'classic' },
  });
  for (const name of eventNames) await channel.bindQueue(queue, topology.eventsExchange, name);
  return queue;
}

/** The live-events queue's cap unless EVENTS_QUEUE_MAX_LENGTH says otherwise. */
export const DEFAULT_LIVE_EVENTS_MAX_QUEUED = 100_000;

export interface LiveEventsQueuePlan {
  prefix: string;
  queueType: QueueType;
  /** what the queue holds while no gateway reads it; the oldest are dropped first */
  maxQueued: number;
  queueExpiresMs?: number;
  eventNames: readonly string[];
}

/**
 * Declares the gateways' shared queue of the events GET /events streams, bound to each of
 * `eventNames`; returns its name. Durable, so it outlives a broker restart; capped, dropping
 * the oldest, since a stream's client reloads state after a `reset` anyway.
 */
export async function assertLiveEventsQueue(
  channel: Channel,
  plan: LiveEventsQueuePlan,
): Promise<string> {
  const exchange = eventsExchangeName(plan.prefix);
  const queue = liveEventsQueueName(plan.prefix);
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': plan.queueType,
      'x-max-length': plan.maxQueued,
      'x-overflow': 'drop-head',
      ...(plan.queueExpiresMs ? { 'x-expires': plan.queueExpiresMs } : {}),
    },
  });
  for (const name of plan.eventNames) await channel.bindQueue(queue, exchange, name);
  return queue;
}

/** The queues of the services that consume events, as every publisher declares them. */
export interface SubscriberTopology {
  /** event names per consuming service (EVENT_SUBSCRIPTIONS) */
  subscriptions: Readonly<Record<string, readonly string[]>>;
  queueType: QueueType;
  retryDelaysMs: number[];
  queueExpiresMs?: number;
}

/**
 * Declares every subscriber's queues and bindings, as its consumer does. Run by publishers
 * before they publish: an event the broker cannot route is confirmed and dropped.
 */
export async function assertSubscriberTopology(
  channel: Channel,
  prefix: string,
  subscribers: SubscriberTopology,
): Promise<void> {
  for (const [service, eventNames] of Object.entries(subscribers.subscriptions)) {
    await assertServerTopology(channel, {
      topology: topologyFor(prefix, service),
      queueType: subscribers.queueType,
      eventNames: [...eventNames],
      retryDelaysMs: subscribers.retryDelaysMs,
      ...(subscribers.queueExpiresMs ? { queueExpiresMs: subscribers.queueExpiresMs } : {}),
    });
  }
}
