import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { doctorCompositeRpc } from '@medicalink/contracts';
import { createTestNamespace, freePort, type TestClient } from '@medicalink/testing';
import { createDoctor, startOrchestratorStack, type OrchestratorStack } from './support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'nocache');
let stack: OrchestratorStack;
let client: TestClient;

beforeAll(async () => {
  // Redis "down": nothing listens on this port.
  const deadPort = await freePort();
  stack = await startOrchestratorStack(namespace, {
    orchestratorEnv: { REDIS_URL: `redis://127.0.0.1:${deadPort}` },
  });
  client = stack.client;
});

afterAll(async () => {
  await stack?.stop();
});

describe('with Redis down', () => {
  it('serves reads uncached, says so, and reports itself degraded', async () => {
    const { doctor } = await createDoctor(client);
    for (let n = 0; n < 3; n += 1) {
      const reply = await client.rpc.call(doctorCompositeRpc.getComposite, { id: doctor.id });
      expect(reply.data.id).toBe(doctor.id);
      expect(reply.cache).toEqual({ hit: false, ttl: 0, degraded: true });
    }
    const list = await client.rpc.call(doctorCompositeRpc.searchComposite, {
      search: doctor.licenseNumber,
    });
    expect(list.cache.degraded).toBe(true);
    expect(list.data).toHaveLength(1);

    const health = (await (await fetch(`${stack.orchestrator.url}/health`)).json()) as {
      status: string;
      checks: Record<string, { status: string }>;
    };
    expect(health.status).toBe('degraded');
    expect(health.checks['redis']?.status).toBe('down');
  });
});
