import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  rpcFailure,
  type TestClient,
} from '@medicalink/testing';
import { startOrchestrator } from '../src/start';
import { caller, productBody, productSessions } from './product-session-support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'pexp');
let orchestrator: RunningService;
let client: TestClient;

beforeAll(async () => {
  // Sessions live one second here; no product service is needed to see them expire.
  orchestrator = await startOrchestrator(
    namespace.env({ ORCHESTRATOR_HTTP_PORT: '0', PRODUCT_SESSION_TTL_SEC: '1' }),
  );
  client = await createTestClient(namespace, { timeoutMs: 5_000 });
});

afterAll(async () => {
  await client?.close();
  await orchestrator?.close();
  await namespace.cleanup();
});

describe('product session expiry', () => {
  it('answers 404 on every step once the session has expired', async () => {
    const sessions = productSessions(client, caller());
    const created = await sessions.create();
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(1_000);
    expect((await sessions.progress(created.sessionId)).secondsRemaining).toBeLessThanOrEqual(1);

    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const calls = [
      () => sessions.progress(created.sessionId),
      () => sessions.addProduct(created.sessionId, productBody()),
      () => sessions.configureTarget(created.sessionId, {}),
      () => sessions.commit(created.sessionId),
    ];
    for (const call of calls) {
      const failure = await rpcFailure(call());
      expect(failure.envelope).toMatchObject({
        status: 404,
        message: 'Session not found or expired',
        details: { sessionId: created.sessionId },
      });
    }
  });
});
