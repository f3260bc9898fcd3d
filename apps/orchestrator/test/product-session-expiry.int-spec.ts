import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisClient } from '@medicalink/cache';
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
const redis = createRedisClient({
  url: infrastructure.redisUrl,
  keyPrefix: namespace.redisKeyPrefix,
});

beforeAll(async () => {
  // Sessions live one second here; no product service is needed to see them expire.
  orchestrator = await startOrchestrator(
    namespace.env({ ORCHESTRATOR_HTTP_PORT: '0', PRODUCT_SESSION_TTL_SEC: '1' }),
  );
  client = await createTestClient(namespace, { timeoutMs: 5_000 });
});

afterAll(async () => {
  redis.disconnect();
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

describe('an unreadable product session', () => {
  it('answers 410 SESSION_CORRUPTED naming the session on every step, not a 500', async () => {
    const sessions = productSessions(client, caller());
    const created = await sessions.create();
    // what a record written by an older version, or damaged in Redis, looks like to this one
    await redis.hset(`session:product:${created.sessionId}`, 'r', '{"id":"half a record');
    for (const call of [
      () => sessions.progress(created.sessionId),
      () => sessions.addProduct(created.sessionId, productBody()),
      () => sessions.commit(created.sessionId),
    ]) {
      const failure = await rpcFailure(call());
      expect(failure.envelope).toMatchObject({
        status: 410,
        code: 'SESSION_CORRUPTED',
        details: { sessionId: created.sessionId },
      });
      expect(failure.message).toContain(created.sessionId);
    }
    // starting over works at once
    expect((await sessions.create()).sessionId).not.toBe(created.sessionId);
  });
});
