import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  eventually,
  gatewayClient,
  openEventStream,
  proxyInFrontOf,
  sleep,
  type TcpProxy,
} from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  startSystem,
  type RunningSystem,
} from './support/system';
import { licenseOf, publishDoctorUpdates } from './support/live-events';

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let proxy: TcpProxy;
const brokerUrl = inject('infrastructure').rabbitmqUrl;

beforeAll(async () => {
  // Every app reaches RabbitMQ through a proxy the test cuts: to them, a broker restart.
  const proxied = await proxyInFrontOf(brokerUrl, 5672);
  proxy = proxied.proxy;
  system = await startSystem({ RABBITMQ_URL: proxied.url });
});

afterAll(async () => {
  await system?.stop();
  await proxy?.close();
});

describe('GET /events across a RabbitMQ outage', () => {
  it('stays open and delivers every event published while the gateway was cut off, once', async () => {
    const http = gatewayClient(system.gatewayUrl);
    const token = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
    const stream = await openEventStream(system.gatewayUrl, { token, types: 'doctor.' });
    expect(stream.status).toBe(200);
    const tag = randomUUID();

    proxy.pause();
    await sleep(1_500);
    // the broker itself is up: these wait in the gateways' durable queue
    await publishDoctorUpdates({ brokerUrl, prefix: system.namespace.prefix, tag, count: 20 });
    await sleep(1_000);
    proxy.resume();
    await publishDoctorUpdates({
      brokerUrl,
      prefix: system.namespace.prefix,
      tag,
      from: 20,
      count: 5,
    });

    await eventually(
      () => {
        const mine = stream.events.filter((e) => licenseOf(e).startsWith(tag));
        expect(mine).toHaveLength(25);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const numbers = stream.events
      .map(licenseOf)
      .filter((license) => license.startsWith(tag))
      .map((license) => Number(license.slice(tag.length + 1)));
    expect(new Set(numbers).size).toBe(25);
    expect(stream.events.some((e) => ['end', 'shutdown', 'overflow'].includes(e.event))).toBe(
      false,
    );
    stream.close();
  });
});
