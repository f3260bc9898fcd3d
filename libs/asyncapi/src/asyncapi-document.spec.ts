import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  doctorRpc,
  EVENT_SUBSCRIPTIONS,
  INSTANCE_EVENT_SUBSCRIPTIONS,
  LIVE_EVENT_SOURCES,
  SERVICE_NAMES,
} from '@medicalink/contracts';
import { buildAsyncApiDocument, type AsyncApiOptions } from './asyncapi-document';
import { contractCatalog } from './contract-catalog';
import { asyncApiYaml, defaultAsyncApiOptions } from './default-options';

type Doc = Record<string, Record<string, Record<string, unknown>>>;
const parser = new Parser();
const errorsOf = async (document: object) =>
  (await parser.parse(asyncApiYaml(document))).diagnostics
    .filter((d) => Number(d.severity) === Number(DiagnosticSeverity.Error))
    .map((d) => `${d.path.join('.')}: ${d.message}`);

let options: AsyncApiOptions;
let doc: Doc;
beforeAll(async () => {
  options = { ...defaultAsyncApiOptions(), queueType: 'quorum' };
  doc = (await buildAsyncApiDocument(options)) as Doc;
}, 60_000);

describe('the AsyncAPI document', () => {
  it('is a valid AsyncAPI 3 document for @asyncapi/parser', async () => {
    expect(doc['asyncapi']).toBe('3.0.0');
    expect(await errorsOf(doc)).toEqual([]);
  }, 120_000);

  it('fails the parser on a broken reference (the check above can fail)', async () => {
    const broken = {
      asyncapi: '3.0.0',
      info: { title: 'broken', version: '1' },
      channels: { c: { messages: { m: { $ref: '#/components/messages/missing' } } } },
    };

    expect((await errorsOf(broken)).join('\n')).toMatch(/missing/);
  }, 60_000);

  it('has every RPC of libs/contracts as an operation on its service queue, with its reply', () => {
    const { rpcs } = contractCatalog();
    expect(rpcs.map((rpc) => rpc.pattern)).toEqual(
      expect.arrayContaining(['directory.doctor.create', 'accounts.health.check']),
    );
    for (const rpc of rpcs) {
      const operation = doc['operations']![rpc.pattern] as {
        action: string;
        channel: { $ref: string };
        reply: { channel: { $ref: string } };
      };
      expect(operation, rpc.pattern).toMatchObject({
        action: 'receive',
        channel: { $ref: `#/channels/${rpc.service}.rpc` },
        reply: { channel: { $ref: '#/channels/rpcReply' } },
      });
    }
    expect(doc['channels']!['directory.rpc']!['address']).toBe(`${options.prefix}.directory.rpc`);
  });

  it('takes message schemas from the zod contracts, replies with the error envelope', () => {
    const schemas = doc['components']!['schemas']!;
    const request = schemas['directory.doctor.create.request'] as {
      required: string[];
      additionalProperties: boolean;
    };
    // hospitalIds has a default: a caller may leave it out
    expect(request.required.sort()).toEqual([
      'accountId',
      'displayName',
      'licenseNumber',
      'specialty',
    ]);
    expect(request.additionalProperties).toBe(false);
    expect(doctorRpc.create.request.safeParse({}).success).toBe(false);

    const reply = doc['components']!['messages']!['directory.doctor.create.reply'] as {
      payload: { oneOf: unknown[] };
    };
    expect(reply.payload.oneOf).toEqual([
      expect.objectContaining({
        properties: {
          ok: { const: true },
          data: { $ref: '#/components/schemas/directory.doctor.create.response' },
        },
      }),
      { $ref: '#/components/schemas/RpcErrorReply' },
    ]);
    const envelope = schemas['RpcErrorReply'] as {
      properties: { error: { required: string[] } };
    };
    expect(envelope.properties.error.required).toEqual(
      expect.arrayContaining(['code', 'message', 'status', 'retryable']),
    );
  });

  it('has every event on the topic exchange and in the queue of each subscriber, bound by name', () => {
    const { events } = contractCatalog();
    expect(events.length).toBeGreaterThan(10);
    const exchange = doc['channels']!['events'] as {
      address: string;
      bindings: { amqp: { exchange: { type: string } } };
    };
    expect(exchange.address).toBe(`${options.prefix}.events`);
    expect(exchange.bindings.amqp.exchange.type).toBe('topic');
    for (const event of events) {
      expect(doc['operations']![`${event.name}.publish`], event.name).toBeDefined();
    }
    for (const [service, subscribed] of Object.entries(EVENT_SUBSCRIPTIONS)) {
      const channel = doc['channels']![`${service}.events`] as {
        address: string;
        bindings: { amqp: { 'x-bindings': { routingKey: string }[] } };
      };
      expect(channel.address).toBe(`${options.prefix}.${service}.events`);
      expect(channel.bindings.amqp['x-bindings'].map((b) => b.routingKey).sort()).toEqual(
        (subscribed ?? []).map((event) => event.name).sort(),
      );
      for (const event of subscribed ?? []) {
        expect(doc['operations']![`${service}.consume.${event.name}`]).toBeDefined();
      }
    }
  });

  it('shows the per-process queue of the events every replica must see', () => {
    for (const [service, subscribed] of Object.entries(INSTANCE_EVENT_SUBSCRIPTIONS)) {
      expect(doc['channels']![`${service}.events`]).toBeUndefined();
      const channel = doc['channels']![`${service}.instance`] as {
        address: string;
        bindings: { amqp: { queue: { exclusive: boolean; autoDelete: boolean } } };
      };
      expect(channel.address).toBe(`${options.prefix}.${service}.instance.{instanceId}`);
      expect(channel.bindings.amqp.queue).toMatchObject({ exclusive: true, autoDelete: true });
      for (const event of subscribed ?? []) {
        expect(doc['operations']![`${service}.consume.${event.name}`]).toBeDefined();
      }
    }
  });

  it('shows the gateways’ live-events queue as a subscriber of every streamed event', () => {
    const channel = doc['channels']!['gateway.liveEvents'] as {
      address: string;
      messages: Record<string, unknown>;
      bindings: {
        amqp: {
          queue: { durable: boolean };
          'x-arguments': Record<string, unknown>;
          'x-bindings': { routingKey: string }[];
        };
      };
    };
    expect(channel.address).toBe(`${options.prefix}.gateway.live-events`);
    expect(channel.bindings.amqp.queue.durable).toBe(true);
    expect(channel.bindings.amqp['x-arguments']).toMatchObject({ 'x-overflow': 'drop-head' });
    const names = LIVE_EVENT_SOURCES.map((source) => source.name);
    expect(channel.bindings.amqp['x-bindings'].map((b) => b.routingKey)).toEqual(names);
    expect(Object.keys(channel.messages)).toEqual(expect.arrayContaining(names));
    for (const name of names) {
      expect(doc['operations']![`gateway.liveEvents.consume.${name}`]).toMatchObject({
        action: 'receive',
      });
    }
  });

  it('shows the queues as the transport declares them: type, delay queues, dead-letter queues', () => {
    const rpc = doc['channels']!['accounts.rpc'] as {
      bindings: { amqp: { 'x-arguments': Record<string, unknown> } };
    };
    expect(rpc.bindings.amqp['x-arguments']).toEqual({ 'x-queue-type': 'quorum' });

    const [firstDelay] = options.retryDelaysMs;
    const retry = doc['channels']![`orchestrator.retry.${firstDelay}ms`] as {
      bindings: { amqp: { 'x-arguments': Record<string, unknown> } };
    };
    expect(retry.bindings.amqp['x-arguments']).toMatchObject({
      'x-message-ttl': firstDelay,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': `${options.prefix}.orchestrator.events`,
    });
    for (const service of SERVICE_NAMES) {
      expect(doc['channels']![`${service}.dlq`]!['address']).toBe(
        `${options.prefix}.${service}.dlq`,
      );
    }
  });
});
