import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { productRpc } from '@medicalink/contracts';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  startApp,
  type ChildApp,
  type TestClient,
} from '@medicalink/testing';
import { startOrchestrator } from '../src/start';
import { caller, productBody, productSessions } from './product-session-support';
import { faults, handledCount } from './support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'pfault');
const CREATE_WITH_TARGET = productRpc.createWithTarget.pattern;
let product: { app: ChildApp; url: string };
let orchestrator: RunningService;
let client: TestClient;

beforeAll(async () => {
  // The product service fails its first four createWithTarget calls with a retryable error.
  product = await startApp(
    'product',
    namespace.env(faults({ pattern: CREATE_WITH_TARGET, mode: 'error-retryable', times: 4 })),
  );
  orchestrator = await startOrchestrator(
    namespace.env({ ORCHESTRATOR_HTTP_PORT: '0', PRODUCT_COMMIT_BACKOFF_MS: '50' }),
  );
  client = await createTestClient(namespace, { timeoutMs: 10_000 });
});

afterAll(async () => {
  await client?.close();
  await orchestrator?.close();
  await product?.app.stop();
  await namespace.cleanup();
});

describe('product session commit under product-service failures', () => {
  const sessions = () => productSessions(client, alice);
  const alice = caller();
  const body = productBody();
  let sessionId = '';

  it('ends `failed` with a 503 after 3 failed attempts', async () => {
    ({ sessionId } = await sessions().create());
    await sessions().addProduct(sessionId, body);
    await sessions().configureTarget(sessionId, { osot_years_in_practice: [2] });
    const before = await handledCount(product.url, CREATE_WITH_TARGET);

    const failed = await sessions().commit(sessionId);
    expect(failed).toMatchObject({
      success: false,
      statusCode: 503,
      errors: [
        'Failed to commit session after 3 attempts',
        `Injected retryable fault on ${CREATE_WITH_TARGET}`,
      ],
    });
    expect(await handledCount(product.url, CREATE_WITH_TARGET)).toBe(before + 3);
    expect(await sessions().progress(sessionId)).toMatchObject({
      state: 'failed',
      canCommit: true,
      lastError: { statusCode: 503 },
    });
    const page = await client.rpc.call(productRpc.list, { search: body.productCode });
    expect(page.data).toHaveLength(0);
  });

  it('commits later, retrying after one more injected failure, and creates one product', async () => {
    const before = await handledCount(product.url, CREATE_WITH_TARGET);
    const result = await sessions().commit(sessionId);
    expect(result).toMatchObject({ success: true, productCode: body.productCode });
    // the fourth injected fault, then success
    expect(await handledCount(product.url, CREATE_WITH_TARGET)).toBe(before + 2);
    expect(await sessions().progress(sessionId)).toMatchObject({ state: 'committed' });
    const page = await client.rpc.call(productRpc.list, { search: body.productCode });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]!.target.osot_years_in_practice).toEqual([2]);
  });
});
