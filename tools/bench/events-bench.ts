/**
 * Live events benchmark (`npm run bench:events`): N subscribers (BENCH_SUBSCRIBERS, default
 * 1,000) hold GET /events open on one gateway while events are published at a steady rate
 * (BENCH_RATE per second, default 20, for BENCH_SECONDS, default 10) through the real outbox
 * path: Outbox.add in a PostgreSQL transaction, then the OutboxRelay publishing with confirms
 * (nudged, as services do after their writes). Each event's latency runs from just before its
 * outbox insert to its arrival at a client: at every SSE subscriber (through the gateway's
 * shared queue, the Redis replay log and its fan-out) and at a bare amqplib consumer of the same
 * exchange in the same run. Gateway memory is its peak RSS (/proc) during the run.
 *
 * Layout: accounts (sign-in, token state) and the gateway as processes from dist/; the outbox,
 * the relay, the subscribers and the bare consumer in this process, so the one clock times both
 * paths. Every subscriber must receive every event, and the bare consumer too; otherwise the
 * problems are listed instead of the last line and the run exits 1. Last line:
 * `events: subscribers <n>, p99 stream/bare <x>, gateway rss MB <y>`.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import amqplib from 'amqplib';
import { sagaStarted } from '@medicalink/contracts';
import { AmqpConnection, EventPublisher } from '@medicalink/messaging';
import { createLogger } from '@medicalink/observability';
import {
  createDatabase,
  databaseUrl,
  ensureDatabase,
  migrateToLatest,
  Outbox,
  OutboxRelay,
  persistenceMigrations,
  type PersistenceTables,
} from '@medicalink/persistence';
import {
  createSystem,
  mapBounded,
  openEventStream,
  sleep,
  type EventStream,
  type TestSystem,
} from '@medicalink/testing';
import { BenchCleanup, runBench } from './run-bench';
import { finishBench } from './report';
import { positiveEnv } from './env';
import { percentile } from './stats';
import { fixed, formatLine } from './table';

const cleanup = new BenchCleanup();
const logger = createLogger({ service: 'events-bench', level: 'warn' });
/** Bench events carry this saga type, so a subscriber ignores anything else. */
const BENCH_TYPE = 'events-bench';

interface Published {
  sagaId: string;
  at: number;
}

async function main(): Promise<void> {
  const subscribers = Math.round(positiveEnv('BENCH_SUBSCRIBERS', 1_000));
  const rate = positiveEnv('BENCH_RATE', 20);
  const seconds = positiveEnv('BENCH_SECONDS', 10);
  const count = Math.max(1, Math.round(rate * seconds));

  const system = await createSystem({
    label: 'evbench',
    env: {
      EVENTS_STREAMS_PER_TOKEN: String(subscribers + 10),
      EVENTS_STREAMS_PER_ADDRESS: String(subscribers + 10),
      RATE_LIMIT_PER_TOKEN: '10000000',
      RATE_LIMIT_PER_ADDRESS: '10000000',
    },
  });
  cleanup.add(() => system.stop());
  process.stderr.write(`events bench ${system.namespace.id}: starting accounts, api-gateway\n`);
  await system.start('accounts');
  const gateway = await system.start('api-gateway');
  const token = await system.token();

  const outbox = await openOutbox(system);
  const bare = await bareConsumer(system);
  const header = [
    `events bench ${system.namespace.id} (load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} CPUs): ` +
      `${subscribers} SSE subscribers on one gateway, ${count} events at ${rate}/s through the outbox`,
    'latency: outbox insert -> SSE client (gateway: shared queue, Redis log, fan-out) vs -> bare amqplib consumer',
  ];
  process.stderr.write(`${header.join('\n')}\nopening ${subscribers} streams\n`);
  const streams = await mapBounded(subscribers, 50, () =>
    openEventStream(system.gatewayUrl, { token, types: 'saga.started' }),
  );
  cleanup.add(async () => streams.forEach((stream) => stream.close()));
  const refused = streams.filter((stream) => stream.status !== 200).length;

  let peakRssMb = 0;
  const sampler = setInterval(() => {
    void rssMb(gateway.proc.child.pid).then((mb) => (peakRssMb = Math.max(peakRssMb, mb)));
  }, 250);
  cleanup.add(async () => clearInterval(sampler));

  // warm-up: one event every client and the bare consumer must see before timing starts
  await outbox.publish(BENCH_TYPE);
  await sleep(1_000);
  const published: Published[] = [];
  const started = performance.now();
  for (let n = 0; n < count; n += 1) {
    const due = started + (n * 1000) / rate;
    await sleep(Math.max(0, due - performance.now()));
    published.push(await outbox.publish(BENCH_TYPE));
  }
  await waitForAll(streams, bare.received, published, 15_000);
  clearInterval(sampler);

  const stream = streamLatencies(streams, published);
  const bareMs = latencies(bare.received, published);
  const problems: string[] = [];
  if (refused > 0) problems.push(`${refused} of ${subscribers} streams refused`);
  if (stream.missing > 0) problems.push(`${stream.missing} deliveries missing at SSE subscribers`);
  if (bareMs.length < published.length) {
    problems.push(`bare consumer: ${published.length - bareMs.length} events missing`);
  }
  const widths = [8, 10, 10, 10, 10];
  const row = (name: string, values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return formatLine(widths, [
      name,
      String(values.length),
      fixed(percentile(sorted, 0.5), 1),
      fixed(percentile(sorted, 0.99), 1),
      fixed(sorted.at(-1), 1),
    ]);
  };
  const p99 = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      0.99,
    );
  await bare.close();
  await outbox.close();
  await cleanup.run();
  finishBench('events', {
    lines: [
      ...header,
      formatLine(widths, ['path', 'samples', 'p50(ms)', 'p99(ms)', 'max(ms)']),
      row('stream', stream.values),
      row('bare', bareMs),
      `gateway peak rss: ${fixed(peakRssMb, 0)} MB`,
    ],
    ratios: [
      `events: subscribers ${subscribers}, p99 stream/bare ${fixed(p99(stream.values) / p99(bareMs), 2)}, gateway rss MB ${fixed(peakRssMb, 0)}`,
    ],
    problems,
  });
}

/** A database of the bench's own with the outbox table, and the real relay publishing it. */
async function openOutbox(system: TestSystem) {
  const { namespace } = system;
  const name = namespace.database('bench');
  await ensureDatabase(namespace.infrastructure.postgresUrl, name);
  const db = createDatabase<PersistenceTables>(
    databaseUrl(namespace.infrastructure.postgresUrl, name),
  );
  await migrateToLatest(db, persistenceMigrations);
  const connection = new AmqpConnection(
    { url: namespace.infrastructure.rabbitmqUrl, name: 'events-bench' },
    logger,
  );
  const publisher = new EventPublisher(connection, { prefix: namespace.prefix, source: 'bench' });
  const relay = new OutboxRelay(db, publisher, logger);
  relay.start();
  return {
    publish: async (type: string): Promise<Published> => {
      const sagaId = randomUUID();
      const at = performance.now();
      await Outbox.add(db, sagaStarted, { sagaId, type, occurredAt: new Date().toISOString() });
      relay.nudge();
      return { sagaId, at };
    },
    close: async () => {
      await relay.stop();
      await db.destroy();
      await publisher.close();
      await connection.close();
    },
  };
}

/** A plain amqplib consumer of saga.started on an exclusive queue: the floor. */
async function bareConsumer(system: TestSystem) {
  const connection = await amqplib.connect(system.namespace.infrastructure.rabbitmqUrl);
  const channel = await connection.createChannel();
  const exchange = `${system.namespace.prefix}.events`;
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, 'saga.started');
  const received = new Map<string, number>();
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      const at = performance.now();
      const body = JSON.parse(message.content.toString('utf8')) as { sagaId: string };
      received.set(body.sagaId, at);
    },
    { noAck: true },
  );
  return { received, close: () => connection.close() };
}

function sagaIdOf(data: unknown): string | undefined {
  const event = data as { data?: { sagaId?: unknown } } | null;
  return typeof event?.data?.sagaId === 'string' ? event.data.sagaId : undefined;
}

async function waitForAll(
  streams: EventStream[],
  bare: Map<string, number>,
  published: Published[],
  timeoutMs: number,
): Promise<void> {
  const last = published.at(-1)?.sagaId;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const done =
      bare.has(last ?? '') &&
      streams.every((stream) => stream.events.some((event) => sagaIdOf(event.data) === last));
    if (done) return;
    await sleep(100);
  }
}

function streamLatencies(streams: EventStream[], published: Published[]) {
  const values: number[] = [];
  let missing = 0;
  for (const stream of streams) {
    const arrived = new Map<string, number>();
    for (const event of stream.events) {
      const sagaId = sagaIdOf(event.data);
      if (sagaId) arrived.set(sagaId, event.receivedAt);
    }
    for (const { sagaId, at } of published) {
      const when = arrived.get(sagaId);
      if (when === undefined) missing += 1;
      else values.push(when - at);
    }
  }
  return { values, missing };
}

function latencies(received: Map<string, number>, published: Published[]): number[] {
  return published.flatMap(({ sagaId, at }) => {
    const when = received.get(sagaId);
    return when === undefined ? [] : [when - at];
  });
}

async function rssMb(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : 0;
}

runBench('events', main, { cleanup: () => cleanup.run() });
