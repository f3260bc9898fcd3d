import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { productRpc } from '@medicalink/contracts';
import { createRedisClient } from '@medicalink/cache';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  rpcFailure,
  startApp,
  type ChildApp,
  type TestClient,
} from '@medicalink/testing';
import { COMPLETE_MARK, TAKEN_CODES_KEY } from '../src/products/taken-product-codes';
import { startOrchestrator } from '../src/start';
import { caller, productBody, productSessions } from './product-session-support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'codes');
const redis = createRedisClient({
  url: infrastructure.redisUrl,
  keyPrefix: namespace.redisKeyPrefix,
});
let product: { app: ChildApp; url: string };
let orchestrator: RunningService;
let client: TestClient;

beforeAll(async () => {
  product = await startApp('product', namespace.env());
  orchestrator = await startOrchestrator(namespace.env({ ORCHESTRATOR_HTTP_PORT: '0' }));
  client = await createTestClient(namespace, { timeoutMs: 10_000 });
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});

afterAll(async () => {
  redis.disconnect();
  await client?.close();
  await orchestrator?.close();
  await product?.app.stop();
  await namespace.cleanup();
});

const sessions = () => productSessions(client, caller());
const inCopy = async (code: string) => (await redis.sismember(TAKEN_CODES_KEY, code)) === 1;
const copyComplete = () => inCopy(COMPLETE_MARK);
const createDirectly = (body = productBody()) => client.rpc.call(productRpc.create, body);

/** Stages `code` on a fresh session: the step's answer, or its failure. */
async function stage(code: string) {
  const flow = sessions();
  const { sessionId } = await flow.create();
  return flow.addProduct(sessionId, { ...productBody(), productCode: code });
}

describe("the orchestrator's copy of taken product codes", () => {
  it('is filled from the product service when incomplete, while the product service answers', async () => {
    const before = await createDirectly();
    await redis.del(TAKEN_CODES_KEY); // as after a flush or an eviction

    // incomplete: the product service answers this check, and a copy starts
    const taken = await rpcFailure(stage(before.productCode));
    expect(taken.envelope).toMatchObject({ status: 409, code: 'PRODUCT_CODE_TAKEN' });
    await expect.poll(copyComplete, { timeout: 10_000 }).toBe(true);
    expect(await inCopy(before.productCode)).toBe(true);
    expect(await redis.pttl(TAKEN_CODES_KEY)).toBeGreaterThan(23 * 3_600 * 1_000);

    // complete: a free code passes without asking the product service
    const free = productBody().productCode;
    expect((await stage(free)).state).toBe('product-added');
    expect(await inCopy(free)).toBe(false);
  });

  it('learns codes from product.product.created, whoever created the product', async () => {
    await stage(productBody().productCode); // makes sure the copy is complete
    await expect.poll(copyComplete, { timeout: 10_000 }).toBe(true);

    const direct = await createDirectly();
    await expect.poll(() => inCopy(direct.productCode), { timeout: 10_000 }).toBe(true);
    const refused = await rpcFailure(stage(direct.productCode.toLowerCase()));
    expect(refused.envelope).toMatchObject({
      status: 409,
      code: 'PRODUCT_CODE_TAKEN',
      message: `Product code ${direct.productCode} already exists`,
    });
  });

  it('marks a committed code at once, before its event arrives', async () => {
    const flow = sessions();
    const { sessionId } = await flow.create();
    const body = productBody();
    await flow.addProduct(sessionId, body);
    const committed = await flow.commit(sessionId);
    expect(committed.success).toBe(true);
    expect(await inCopy(body.productCode)).toBe(true);
  });
});
