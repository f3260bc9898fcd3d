import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { doctorRpc } from '@medicalink/contracts';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  rpcFailure,
  proxyInFrontOf,
  type TcpProxy,
  type TestClient,
} from '@medicalink/testing';
import { startDirectory } from '../src/start';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'dirdb');
let proxy: TcpProxy;
let service: RunningService;
let client: TestClient;

/** The directory reaches its PostgreSQL through a proxy the test can take down. */
beforeAll(async () => {
  const postgres = await proxyInFrontOf(infrastructure.postgresUrl, 5432);
  proxy = postgres.proxy;
  service = await startDirectory(
    namespace.env({ DIRECTORY_HTTP_PORT: '0', DATABASE_URL: postgres.url }),
  );
  // No retries and no breaker in the test client: each call shows the service's own answer.
  client = await createTestClient(namespace, {
    resilience: { retries: 0, breakerThreshold: 1_000 },
  });
});

afterAll(async () => {
  proxy?.resume();
  await client?.close();
  await service?.close();
  await proxy?.close();
  await namespace.cleanup();
});

describe('provider-directory without its database', () => {
  it('answers 503 (retryable) during the outage and serves again after', async () => {
    const doctor = await client.rpc.call(doctorRpc.create, {
      accountId: randomUUID(),
      displayName: 'Dr. Outage',
      specialty: 'Diagnostics',
      licenseNumber: `OUT-${randomUUID().slice(0, 8)}`,
    });

    proxy.pause();
    const failure = await rpcFailure(client.rpc.call(doctorRpc.get, { id: doctor.id }));
    // DATABASE_CONNECTION_LOST if the query got a pooled connection before its cut was noticed
    expect(['DATABASE_UNAVAILABLE', 'DATABASE_CONNECTION_LOST']).toContain(failure.code);
    expect(failure.envelope).toMatchObject({ status: 503, retryable: true });
    expect(failure.envelope.message).not.toMatch(/127\.0\.0\.1|ECONN/);

    proxy.resume();
    await expect(client.rpc.call(doctorRpc.get, { id: doctor.id })).resolves.toMatchObject({
      id: doctor.id,
    });
  });
});
