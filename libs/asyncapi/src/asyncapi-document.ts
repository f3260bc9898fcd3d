import {
  EVENT_SUBSCRIPTIONS,
  INSTANCE_EVENT_SUBSCRIPTIONS,
  LIVE_EVENT_SOURCES,
  type EventContract,
  type RpcContract,
} from '@medicalink/contracts';
import { contractCatalog } from './contract-catalog';
import { declaredTopology, type DeclaredQueue, type TopologySettings } from './declared-topology';
import {
  DEAD_LETTER_HEADERS,
  ERROR_REPLY,
  EVENT_HEADERS,
  jsonSchema,
  replySchema,
  RPC_REQUEST_HEADERS,
  type JsonSchema,
} from './message-schemas';

export interface AsyncApiOptions extends TopologySettings {
  /** the document's version: the system's */
  version: string;
  /** the broker, host:port */
  brokerHost: string;
}

const AMQP_BINDING = '0.3.0';
const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';
const ref = (path: string) => ({ $ref: `#/${path}` });
/** AsyncAPI ids allow letters, digits, `.`, `-` and `_` only; patterns and names fit. */
const id = (name: string) => name.replace(/[^\w.-]/g, '_');

/**
 * The AsyncAPI 3 document of MedicaLink's messaging: every RPC (request, reply and error
 * envelope) on its service's queue, every event on the topic exchange and in each subscriber's
 * queue, the delay and dead-letter queues; message schemas from the zod contracts, exchanges,
 * queues and bindings from what the transport declares.
 */
export async function buildAsyncApiDocument(options: AsyncApiOptions): Promise<JsonSchema> {
  const { rpcs, events } = contractCatalog();
  const topology = await declaredTopology(options);
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  const messages: Record<string, JsonSchema> = {};
  const schemas: Record<string, JsonSchema> = {
    RpcErrorReply: ERROR_REPLY,
    RpcRequestHeaders: RPC_REQUEST_HEADERS,
    EventHeaders: EVENT_HEADERS,
    DeadLetterHeaders: DEAD_LETTER_HEADERS,
  };
  const queue = (name: string) => {
    const found = topology.queues.find((q) => q.name === name);
    if (!found) throw new Error(`the transport declares no queue ${name}`);
    return found;
  };

  channels['rpcReply'] = {
    address: DIRECT_REPLY_TO,
    title: 'RPC replies',
    description:
      'RabbitMQ direct reply-to: each reply goes straight to the caller that set it as reply-to, ' +
      'matched to its call by the correlation id. Exactly one of `data` or `error`.',
    messages: {},
  };

  for (const [service, names] of Object.entries(topology.services)) {
    const served = rpcs.filter((rpc) => rpc.service === service);
    channels[`${service}.rpc`] = queueChannel(queue(names.rpcQueue), {
      title: `${service} RPC requests`,
      description: `Requests to ${service}, shared by its replicas (competing consumers).`,
      messages: Object.fromEntries(
        served.map((rpc) => [
          `${rpc.pattern}.request`,
          ref(`components/messages/${id(rpc.pattern)}.request`),
        ]),
      ),
    });
    for (const rpc of served) addRpc(rpc, service);

    channels[`${service}.dlq`] = queueChannel(queue(names.deadLetterQueue), {
      title: `${service} dead letters`,
      description:
        `What ${service} could not handle: invalid payloads, unknown patterns, non-retryable ` +
        'failures, events past their attempts, messages redelivered past the limit. Listed and ' +
        'replayed by GET/POST /admin/dead-letters/:service.',
      messages: { deadLetter: ref('components/messages/deadLetter') },
    });
    operations[`${service}.deadLetter`] = {
      action: 'send',
      title: `${service} dead-letters a message`,
      channel: ref(`channels/${service}.dlq`),
      messages: [ref(`channels/${service}.dlq/messages/deadLetter`)],
    };
  }
  channels['events'] = {
    address: topology.exchanges[0]?.name,
    title: 'Domain events',
    description:
      'The one topic exchange; the routing key is the event name. Published persistent with ' +
      "publisher confirms, from each service's transactional outbox.",
    messages: Object.fromEntries(
      events.map((event) => [event.name, ref(`components/messages/${id(event.name)}`)]),
    ),
    bindings: {
      amqp: {
        is: 'routingKey',
        exchange: { ...topology.exchanges[0], autoDelete: false, vhost: '/' },
        bindingVersion: AMQP_BINDING,
      },
    },
  };
  for (const event of events) addEvent(event);
  for (const [service, subscribed] of Object.entries(EVENT_SUBSCRIPTIONS)) {
    addSubscriber(service, subscribed ?? []);
  }
  for (const [service, subscribed] of Object.entries(INSTANCE_EVENT_SUBSCRIPTIONS)) {
    addInstanceSubscriber(service, subscribed ?? []);
  }
  addLiveEventsSubscriber();

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'MedicaLink messaging',
      version: options.version,
      description:
        'Every RPC, reply and event between the MedicaLink services, on RabbitMQ. Generated ' +
        'from libs/contracts (schemas) and libs/messaging (exchanges, queues, bindings): ' +
        '`npm run docs:asyncapi` writes docs/asyncapi.yaml, and a test fails when it is stale. ' +
        `Queue names start with the prefix \`${options.prefix}\` (MESSAGING_PREFIX); queues are ` +
        `${options.queueType} (MESSAGING_QUEUE_TYPE).`,
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      rabbitmq: {
        host: options.brokerHost,
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description: 'RabbitMQ (RABBITMQ_URL)',
      },
    },
    channels,
    operations,
    components: {
      schemas,
      messages: { ...sorted(messages), deadLetter: deadLetterMessage() },
    },
  };

  function addRpc(rpc: RpcContract, service: string) {
    const key = id(rpc.pattern);
    schemas[`${key}.request`] = jsonSchema(rpc.request);
    schemas[`${key}.response`] = jsonSchema(rpc.response);
    messages[`${key}.request`] = {
      name: `${rpc.pattern}.request`,
      title: `${rpc.pattern} request`,
      headers: ref('components/schemas/RpcRequestHeaders'),
      payload: ref(`components/schemas/${key}.request`),
      correlationId: { location: '$message.header#/correlationId' },
      bindings: { amqp: { messageType: rpc.pattern, bindingVersion: AMQP_BINDING } },
    };
    messages[`${key}.reply`] = {
      name: `${rpc.pattern}.reply`,
      title: `${rpc.pattern} reply`,
      payload: replySchema(`#/components/schemas/${key}.response`),
      correlationId: { location: '$message.header#/correlationId' },
    };
    (channels['rpcReply']!['messages'] as JsonSchema)[`${rpc.pattern}.reply`] = ref(
      `components/messages/${key}.reply`,
    );
    operations[rpc.pattern] = {
      action: 'receive',
      title: rpc.pattern,
      summary: `${service} answers ${rpc.pattern}`,
      channel: ref(`channels/${service}.rpc`),
      messages: [ref(`channels/${service}.rpc/messages/${rpc.pattern}.request`)],
      bindings: {
        amqp: {
          // the remaining time of the call: a request nobody waits for expires unread
          expiration: 0,
          deliveryMode: 1,
          mandatory: true,
          ack: true,
          bindingVersion: AMQP_BINDING,
        },
      },
      reply: {
        address: {
          location: '$message.header#/replyTo',
          description: `the request's AMQP reply-to property: ${DIRECT_REPLY_TO}`,
        },
        channel: ref('channels/rpcReply'),
        messages: [ref(`channels/rpcReply/messages/${rpc.pattern}.reply`)],
      },
    };
  }

  function addEvent(event: EventContract) {
    const key = id(event.name);
    schemas[key] = jsonSchema(event.payload);
    messages[key] = {
      name: event.name,
      title: event.name,
      headers: ref('components/schemas/EventHeaders'),
      payload: ref(`components/schemas/${key}`),
      bindings: { amqp: { messageType: event.name, bindingVersion: AMQP_BINDING } },
    };
    operations[`${event.name}.publish`] = {
      action: 'send',
      title: `publish ${event.name}`,
      channel: ref('channels/events'),
      messages: [ref(`channels/events/messages/${event.name}`)],
      bindings: {
        amqp: { cc: [event.name], deliveryMode: 2, bindingVersion: AMQP_BINDING },
      },
    };
  }

  /** Each process's own queue (assertInstanceQueue): declared by it, deleted with it. */
  function addInstanceSubscriber(service: string, subscribed: readonly EventContract[]) {
    const name = topology.services[service]!.instanceQueue('{instanceId}');
    channels[`${service}.instance`] = {
      address: name,
      title: `${service} events, one queue per process`,
      description:
        `Events that refresh state each ${service} process holds, so every replica gets each ` +
        'one: a queue per process, exclusive and auto-deleted with its connection. A failed ' +
        'handling is logged, not retried (the state it refreshes expires on its own).',
      parameters: { instanceId: { description: 'random, chosen by each process at start' } },
      messages: Object.fromEntries(
        subscribed.map((event) => [event.name, ref(`components/messages/${id(event.name)}`)]),
      ),
      bindings: {
        amqp: {
          is: 'queue',
          queue: { name, durable: false, exclusive: true, autoDelete: true, vhost: '/' },
          'x-arguments': { 'x-queue-type': 'classic' },
          'x-bindings': subscribed.map((event) => ({
            exchange: topology.exchanges[0]?.name,
            routingKey: event.name,
          })),
          bindingVersion: AMQP_BINDING,
        },
      },
    };
    for (const event of subscribed) {
      operations[`${service}.consume.${event.name}`] = {
        action: 'receive',
        title: `every ${service} process consumes ${event.name}`,
        channel: ref(`channels/${service}.instance`),
        messages: [ref(`channels/${service}.instance/messages/${event.name}`)],
        bindings: { amqp: { ack: true, bindingVersion: AMQP_BINDING } },
      };
    }
  }

  /** The gateways' shared queue that feeds GET /events (through the replay log). */
  function addLiveEventsSubscriber() {
    const subscribed = events.filter((event) =>
      LIVE_EVENT_SOURCES.some((source) => source.name === event.name),
    );
    channels['gateway.liveEvents'] = queueChannel(queue(topology.liveEventsQueue), {
      title: 'gateway live events',
      description:
        'The events GET /events streams, shared by the gateway replicas: whichever takes an ' +
        'event appends it once to the replay log (a Redis stream) that every replica serves its ' +
        'clients from. Durable, so it keeps what is published while no gateway runs and ' +
        'outlives a broker restart; capped (EVENTS_QUEUE_MAX_LENGTH), dropping the oldest.',
      messages: Object.fromEntries(
        subscribed.map((event) => [event.name, ref(`components/messages/${id(event.name)}`)]),
      ),
    });
    for (const event of subscribed) {
      operations[`gateway.liveEvents.consume.${event.name}`] = {
        action: 'receive',
        title: `a gateway logs ${event.name} for GET /events`,
        channel: ref('channels/gateway.liveEvents'),
        messages: [ref(`channels/gateway.liveEvents/messages/${event.name}`)],
        bindings: { amqp: { ack: true, bindingVersion: AMQP_BINDING } },
      };
    }
  }

  function addSubscriber(service: string, subscribed: readonly EventContract[]) {
    const names = topology.services[service]!;
    channels[`${service}.events`] = queueChannel(queue(names.eventsQueue), {
      title: `${service} events`,
      description:
        `The events ${service} consumes, shared by its replicas: each event is handled once ` +
        `per service. A retryable failure waits in a delay queue (${service}.retry.*) and comes ` +
        `back here; past its attempts it goes to ${names.deadLetterQueue}.`,
      messages: Object.fromEntries(
        subscribed.map((event) => [event.name, ref(`components/messages/${id(event.name)}`)]),
      ),
    });
    for (const event of subscribed) {
      operations[`${service}.consume.${event.name}`] = {
        action: 'receive',
        title: `${service} consumes ${event.name}`,
        channel: ref(`channels/${service}.events`),
        messages: [ref(`channels/${service}.events/messages/${event.name}`)],
        bindings: { amqp: { ack: true, bindingVersion: AMQP_BINDING } },
      };
    }
    for (const delayQueue of topology.queues.filter((q) =>
      q.name.startsWith(`${names.rpcQueue.replace(/\.rpc$/, '')}.retry.`),
    )) {
      const delay = String(delayQueue.arguments['x-message-ttl']);
      channels[`${service}.retry.${delay}ms`] = queueChannel(delayQueue, {
        title: `${service} retry after ${delay} ms`,
        description:
          `No consumer: a failed event waits ${delay} ms, then is dead-lettered back to ` +
          `${names.eventsQueue} (not to the exchange, so other subscribers do not see it again).`,
        messages: Object.fromEntries(
          subscribed.map((event) => [event.name, ref(`components/messages/${id(event.name)}`)]),
        ),
      });
    }
  }
}

/** A channel that is one declared queue, with its arguments and exchange bindings. */
function queueChannel(
  declared: DeclaredQueue,
  fields: { title: string; description: string; messages: JsonSchema },
): JsonSchema {
  return {
    address: declared.name,
    ...fields,
    bindings: {
      amqp: {
        is: 'queue',
        queue: {
          name: declared.name,
          durable: declared.durable,
          exclusive: false,
          autoDelete: false,
          vhost: '/',
        },
        'x-arguments': declared.arguments,
        ...(declared.bindings.length > 0 ? { 'x-bindings': declared.bindings } : {}),
        bindingVersion: AMQP_BINDING,
      },
    },
  };
}

function deadLetterMessage(): JsonSchema {
  return {
    name: 'deadLetter',
    title: 'A dead letter',
    summary: 'The original message, unchanged, with why it failed in its headers.',
    headers: ref('components/schemas/DeadLetterHeaders'),
    payload: { description: 'the original body' },
  };
}

function sorted(record: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
