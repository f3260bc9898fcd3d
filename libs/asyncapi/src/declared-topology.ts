import type { Channel } from 'amqplib';
import { LIVE_EVENT_SOURCES, subscribedEventNames, SERVICE_NAMES } from '@medicalink/contracts';
import {
  assertLiveEventsQueue,
  assertServerTopology,
  DEFAULT_LIVE_EVENTS_MAX_QUEUED,
  topologyFor,
  type QueueType,
  type Topology,
} from '@medicalink/messaging';

export interface DeclaredExchange {
  name: string;
  type: string;
  durable: boolean;
}
export interface DeclaredQueue {
  name: string;
  durable: boolean;
  arguments: Record<string, unknown>;
  /** exchange bindings: routing keys per exchange */
  bindings: { exchange: string; routingKey: string }[];
}

export interface TopologySettings {
  prefix: string;
  queueType: QueueType;
  retryDelaysMs: number[];
}

export interface DeclaredTopology {
  exchanges: DeclaredExchange[];
  queues: DeclaredQueue[];
  /** each service's names, from the transport's own naming */
  services: Record<string, Topology>;
  /** the gateways' shared queue of the events GET /events streams */
  liveEventsQueue: string;
}

/**
 * What the transport declares on the broker, found by running its own declaration
 * (assertServerTopology, as every consumer does at connect) against a channel that only
 * records: the document then shows exactly the exchanges, queues, arguments and bindings the
 * running services create, and follows any change to them.
 */
export async function declaredTopology(settings: TopologySettings): Promise<DeclaredTopology> {
  const exchanges = new Map<string, DeclaredExchange>();
  const queues = new Map<string, DeclaredQueue>();
  const recorder = {
    assertExchange: async (name: string, type: string, options?: { durable?: boolean }) => {
      exchanges.set(name, { name, type, durable: options?.durable ?? true });
      return { exchange: name };
    },
    assertQueue: async (
      name: string,
      options?: { durable?: boolean; arguments?: Record<string, unknown> },
    ) => {
      const existing = queues.get(name);
      queues.set(name, {
        name,
        durable: options?.durable ?? true,
        arguments: options?.arguments ?? {},
        bindings: existing?.bindings ?? [],
      });
      return { queue: name, messageCount: 0, consumerCount: 0 };
    },
    bindQueue: async (queue: string, exchange: string, routingKey: string) => {
      const declared = queues.get(queue);
      if (!declared) throw new Error(`binding ${queue} before declaring it`);
      declared.bindings.push({ exchange, routingKey });
      return {};
    },
  } as unknown as Channel;

  const subscriptions = subscribedEventNames();
  const services: Record<string, Topology> = {};
  for (const service of SERVICE_NAMES) {
    const topology = topologyFor(settings.prefix, service);
    services[service] = topology;
    await assertServerTopology(recorder, {
      topology,
      queueType: settings.queueType,
      eventNames: subscriptions[service] ?? [],
      retryDelaysMs: settings.retryDelaysMs,
    });
  }
  const liveEventsQueue = await assertLiveEventsQueue(recorder, {
    prefix: settings.prefix,
    queueType: settings.queueType,
    maxQueued: DEFAULT_LIVE_EVENTS_MAX_QUEUED,
    eventNames: LIVE_EVENT_SOURCES.map((source) => source.name),
  });
  return {
    exchanges: [...exchanges.values()],
    queues: [...queues.values()],
    services,
    liveEventsQueue,
  };
}
