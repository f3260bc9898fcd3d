import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisClient } from '@medicalink/cache';
import {
  productRpc,
  type ProductCommitResult,
  type ProductCommitSucceeded,
} from '@medicalink/contracts';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  rpcFailure,
  startApp,
  type ChildApp,
  type TestClient,
} from '@medicalink/testing';
import { startOrchestrator } from '../src/start';
import { caller, productBody, productSessions } from './product-session-support';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'psess');
const DELETE_AFTER_COMMIT_MS = 800;
let product: { app: ChildApp; url: string };
let orchestrator: RunningService;
let client: TestClient;
const redis = createRedisClient({
  url: infrastructure.redisUrl,
  keyPrefix: namespace.redisKeyPrefix,
});

beforeAll(async () => {
  product = await startApp('product', namespace.env());
  orchestrator = await startOrchestrator(
    namespace.env({
      ORCHESTRATOR_HTTP_PORT: '0',
      PRODUCT_SESSION_DELETE_AFTER_COMMIT_MS: String(DELETE_AFTER_COMMIT_MS),
    }),
  );
  client = await createTestClient(namespace, { timeoutMs: 10_000 });
});

afterAll(async () => {
  redis.disconnect();
  await client?.close();
  await orchestrator?.close();
  await product?.app.stop();
  await namespace.cleanup();
});

const alice = caller();
const sessionsOf = (who = alice) => productSessions(client, who);

async function productsWithCode(code: string) {
  const page = await client.rpc.call(productRpc.list, { search: code, page: 1, limit: 10 });
  return page.data.filter((item) => item.productCode === code);
}

/** What Redis looks like after `shutdown nosave` and a restart: none of this run's keys. */
async function wipeRedis() {
  const keys = await redis.keys('*');
  if (keys.length > 0)
    await redis.del(...keys.map((key) => key.slice(namespace.redisKeyPrefix.length)));
}

/** A committed session whose draft has left Redis answers from its commit's record. */
async function expectCommittedWithoutDraft(
  sessionId: string,
  result: ProductCommitSucceeded,
  hasTarget: boolean,
) {
  const sessions = sessionsOf();
  expect(await sessions.progress(sessionId)).toMatchObject({
    sessionId,
    state: 'committed',
    percentage: 100,
    canCommit: false,
    hasProduct: true,
    hasTarget,
    secondsRemaining: 0,
    productGuid: result.productGuid,
    lastError: null,
  });
  expect(await sessions.commit(sessionId)).toEqual(result);
  expect(await productsWithCode(result.productCode)).toHaveLength(1);
  const late = await rpcFailure(sessions.addProduct(sessionId, productBody()));
  expect(late.envelope).toMatchObject({
    status: 409,
    code: 'SESSION_TRANSITION_REFUSED',
    details: { sessionId, currentState: 'committed' },
  });
  expect((await rpcFailure(sessions.configureTarget(sessionId, {}))).status).toBe(409);
  // still only its owner's
  const intruder = sessionsOf(caller());
  for (const call of [() => intruder.progress(sessionId), () => intruder.commit(sessionId)]) {
    expect((await rpcFailure(call())).envelope).toMatchObject({
      status: 404,
      code: 'SESSION_NOT_FOUND',
    });
  }
}

function succeeded(result: ProductCommitResult) {
  if (!result.success) throw new Error(`commit failed: ${JSON.stringify(result)}`);
  return result;
}

describe('product session workflow', () => {
  it('goes initiated -> product-added -> target-configured -> committed, with progress at each step', async () => {
    const sessions = sessionsOf();
    const created = await sessions.create();
    expect(created).toMatchObject({
      state: 'initiated',
      userId: alice.userId,
      organizationGuid: null,
    });
    const lifetime = Date.parse(created.expiresAt) - Date.parse(created.createdAt);
    expect(lifetime).toBe(2 * 3600 * 1000);
    expect(await sessions.progress(created.sessionId)).toMatchObject({
      state: 'initiated',
      percentage: 25,
      canCommit: false,
      hasProduct: false,
      hasTarget: false,
    });

    const body = productBody({ productCode: `osot-lower-${Date.now()}` });
    const added = await sessions.addProduct(created.sessionId, body);
    expect(added).toMatchObject({
      state: 'product-added',
      product: { productCode: body.productCode.toUpperCase(), generalPrice: 199.99, taxes: 13 },
      audienceTarget: null,
    });
    const atFifty = await sessions.progress(created.sessionId);
    expect(atFifty).toMatchObject({ percentage: 50, canCommit: true, hasProduct: true });
    expect(atFifty.secondsRemaining).toBeGreaterThan(7_100);
    expect(atFifty.secondsRemaining).toBeLessThanOrEqual(7_200);

    const target = { osot_location_province: [2, 1], osot_practice_area: [5] };
    const targeted = await sessions.configureTarget(created.sessionId, target);
    expect(targeted).toMatchObject({
      state: 'target-configured',
      audienceTarget: {
        osot_location_province: [1, 2],
        osot_practice_area: [5],
        osot_registration_class: null,
      },
    });
    // repeatable
    const retargeted = await sessions.configureTarget(created.sessionId, {
      osot_location_province: [3],
    });
    expect(retargeted.audienceTarget?.osot_location_province).toEqual([3]);
    // a product revised after the target keeps the target
    const revised = await sessions.addProduct(created.sessionId, {
      ...body,
      productName: 'Renamed',
    });
    expect(revised).toMatchObject({
      state: 'target-configured',
      product: { productName: 'Renamed' },
      audienceTarget: { osot_location_province: [3] },
    });
    expect(await sessions.progress(created.sessionId)).toMatchObject({
      percentage: 75,
      hasTarget: true,
      canCommit: true,
    });

    const result = succeeded(await sessions.commit(created.sessionId));
    expect(result).toMatchObject({ success: true, productCode: body.productCode.toUpperCase() });
    expect(result.operationId).toEqual(expect.any(String));
    const stored = await client.rpc.call(productRpc.get, { id: result.productGuid });
    expect(stored).toMatchObject({
      productName: 'Renamed',
      generalPrice: 199.99,
      target: { id: result.targetGuid, osot_location_province: [3], osot_practice_area: null },
    });
    expect(await sessions.progress(created.sessionId)).toMatchObject({
      state: 'committed',
      percentage: 100,
      canCommit: false,
      productGuid: result.productGuid,
    });

    // committing again answers the same success, and creates nothing more
    expect(await sessions.commit(created.sessionId)).toEqual(result);
    expect(await productsWithCode(result.productCode)).toHaveLength(1);

    // no step after the commit
    const late = await rpcFailure(sessions.addProduct(created.sessionId, productBody()));
    expect(late.envelope).toMatchObject({
      status: 409,
      code: 'SESSION_TRANSITION_REFUSED',
      details: { currentState: 'committed' },
    });
    const lateTarget = await rpcFailure(sessions.configureTarget(created.sessionId, {}));
    expect(lateTarget.status).toBe(409);

    // the draft is deleted a few seconds after the commit; its outcome stays
    await new Promise((resolve) => setTimeout(resolve, DELETE_AFTER_COMMIT_MS + 300));
    expect(await redis.exists(`session:product:${created.sessionId}`)).toBe(0);
    await expectCommittedWithoutDraft(created.sessionId, result, true);
  });

  it('keeps a commit’s outcome when Redis loses every session, and nothing else', async () => {
    const sessions = sessionsOf();
    const committed = await sessions.create();
    await sessions.addProduct(committed.sessionId, productBody());
    const result = succeeded(await sessions.commit(committed.sessionId));
    // a commit that created nothing: its code was taken meanwhile
    const body = productBody();
    const refused = await sessions.create();
    await sessions.addProduct(refused.sessionId, body);
    await client.rpc.call(productRpc.create, body);
    expect(await sessions.commit(refused.sessionId)).toMatchObject({ statusCode: 409 });
    const staged = await sessions.create();
    await sessions.addProduct(staged.sessionId, productBody());

    await wipeRedis();

    await expectCommittedWithoutDraft(committed.sessionId, result, false);
    for (const lost of [refused.sessionId, staged.sessionId]) {
      const failure = await rpcFailure(sessions.progress(lost));
      expect(failure.envelope).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
      expect((await rpcFailure(sessions.commit(lost))).status).toBe(404);
    }
  });

  it('commits without a target: the product is open to all', async () => {
    const sessions = sessionsOf();
    const { sessionId } = await sessions.create();
    await sessions.addProduct(sessionId, productBody());
    const result = succeeded(await sessions.commit(sessionId));
    const stored = await client.rpc.call(productRpc.get, { id: result.productGuid });
    expect(stored.target).toMatchObject({
      osot_location_province: null,
      osot_employment_sector: null,
    });
  });

  it('refuses a target or a commit before a product with a 400, leaving the session as it was', async () => {
    const sessions = sessionsOf();
    const { sessionId } = await sessions.create();
    const target = await rpcFailure(
      sessions.configureTarget(sessionId, { osot_location_province: [1] }),
    );
    expect(target.envelope).toMatchObject({ status: 400, code: 'PRODUCT_REQUIRED' });
    expect(target.message).toMatch(/product/i);
    const commit = await rpcFailure(sessions.commit(sessionId));
    expect(commit.envelope).toMatchObject({ status: 400, code: 'PRODUCT_REQUIRED' });
    expect(await sessions.progress(sessionId)).toMatchObject({ state: 'initiated', version: 1 });
  });

  it('lists every problem of an invalid product, naming each field, and stages nothing', async () => {
    const sessions = sessionsOf();
    const { sessionId } = await sessions.create();
    const failure = await rpcFailure(
      sessions.addProduct(
        sessionId,
        productBody({
          productCode: 'x',
          generalPrice: 1_000_000,
          inventory: -1,
          productYear: 'soon',
        }),
      ),
    );
    expect(failure.status).toBe(400);
    const paths = (failure.envelope.details?.['issues'] as { path: string }[]).map(
      (issue) => issue.path,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'product.productCode',
        'product.generalPrice',
        'product.inventory',
        'product.productYear',
      ]),
    );
    expect(await sessions.progress(sessionId)).toMatchObject({
      state: 'initiated',
      hasProduct: false,
    });
  });

  it('answers 409 at the product step when the code is taken (any case)', async () => {
    const sessions = sessionsOf();
    const first = await sessions.create();
    const body = productBody();
    await sessions.addProduct(first.sessionId, body);
    succeeded(await sessions.commit(first.sessionId));

    const second = await sessions.create();
    const taken = await rpcFailure(
      sessions.addProduct(second.sessionId, {
        ...body,
        productCode: body.productCode.toLowerCase(),
      }),
    );
    expect(taken.envelope).toMatchObject({
      status: 409,
      code: 'PRODUCT_CODE_TAKEN',
      message: `Product code ${body.productCode} already exists`,
    });
    expect(await sessions.progress(second.sessionId)).toMatchObject({ state: 'initiated' });
  });

  it('fails a commit whose code was taken meanwhile (409, state failed), and commits once fixed', async () => {
    const sessions = sessionsOf();
    const body = productBody();
    const first = await sessions.create();
    const second = await sessions.create();
    // both stage the same free code; the first commit takes it
    await sessions.addProduct(first.sessionId, body);
    await sessions.addProduct(second.sessionId, body);
    await sessions.configureTarget(second.sessionId, { osot_registration_class: [1] });
    succeeded(await sessions.commit(first.sessionId));

    const failed = await sessions.commit(second.sessionId);
    expect(failed).toMatchObject({
      success: false,
      statusCode: 409,
      message: `Product code ${body.productCode} already exists`,
      errors: [`productCode: Product code ${body.productCode} already exists`],
    });
    expect(failed.operationId).toEqual(expect.any(String));
    expect(await sessions.progress(second.sessionId)).toMatchObject({
      state: 'failed',
      canCommit: true,
      lastError: { statusCode: 409 },
    });
    // a failed session takes new product data (keeping its target) and commits
    const fixed = await sessions.addProduct(second.sessionId, {
      ...body,
      productCode: `${body.productCode}-B`,
    });
    expect(fixed.state).toBe('target-configured');
    const result = succeeded(await sessions.commit(second.sessionId));
    expect(result.productCode).toBe(`${body.productCode}-B`);
    const stored = await client.rpc.call(productRpc.get, { id: result.productGuid });
    expect(stored.target.osot_registration_class).toEqual([1]);
  });

  it('answers someone else\u2019s session exactly like a missing one, on every route', async () => {
    const owner = sessionsOf();
    const intruder = sessionsOf(caller());
    const { sessionId } = await owner.create();
    await owner.addProduct(sessionId, productBody());

    const calls = [
      () => intruder.progress(sessionId),
      () => intruder.addProduct(sessionId, productBody()),
      () => intruder.configureTarget(sessionId, {}),
      () => intruder.commit(sessionId),
    ];
    for (const call of calls) {
      const failure = await rpcFailure(call());
      expect(failure.envelope).toMatchObject({
        status: 404,
        code: 'SESSION_NOT_FOUND',
        message: 'Session not found or expired',
        details: { sessionId },
      });
    }
    const missing = await rpcFailure(intruder.progress('00000000-0000-4000-8000-000000000000'));
    expect(missing.envelope).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
    expect(await owner.progress(sessionId)).toMatchObject({ state: 'product-added', version: 2 });
  });

  it('lets one of two concurrent product updates win and refuses the other with a conflict', async () => {
    const sessions = sessionsOf();
    const { sessionId } = await sessions.create();
    const bodies = [productBody({ productName: 'First' }), productBody({ productName: 'Second' })];
    const outcomes = await Promise.allSettled(
      bodies.map((body) => sessions.addProduct(sessionId, body)),
    );

    const won = outcomes.flatMap((outcome) =>
      outcome.status === 'fulfilled' ? [outcome.value] : [],
    );
    const lost = outcomes.flatMap((outcome): unknown[] =>
      outcome.status === 'rejected' ? [outcome.reason] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ envelope: { status: 409, code: 'SESSION_CONFLICT' } });

    // no lost update: the session holds exactly the winner's write
    const progress = await sessions.progress(sessionId);
    expect(progress.version).toBe(2);
    expect(won[0]!.version).toBe(2);
    const staged = await sessions.configureTarget(sessionId, {});
    expect(staged.product?.productName).toBe(won[0]!.product?.productName);
  });

  it('creates one product for two concurrent commits, both answering its success', async () => {
    const sessions = sessionsOf();
    const { sessionId } = await sessions.create();
    const body = productBody();
    await sessions.addProduct(sessionId, body);
    await sessions.configureTarget(sessionId, { osot_employment_status: [1] });

    const [first, second] = await Promise.all([
      sessions.commit(sessionId),
      sessions.commit(sessionId),
    ]);
    const a = succeeded(first);
    const b = succeeded(second);
    expect(b.productGuid).toBe(a.productGuid);
    expect(b.targetGuid).toBe(a.targetGuid);
    expect(await productsWithCode(body.productCode)).toHaveLength(1);
    expect(await sessions.progress(sessionId)).toMatchObject({
      state: 'committed',
      productGuid: a.productGuid,
    });
  });
});
