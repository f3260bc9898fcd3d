import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient, seedProductBody, type Json } from '@medicalink/testing';
import {
  E2E_ADMIN,
  printAppOutputOnFailure,
  releaseSystem,
  sharedSystem,
  type RunningSystem,
} from './support/system';

let system: RunningSystem;
printAppOutputOnFailure(() => system);
let http: ReturnType<typeof gatewayClient>;
let main: string;
let otherAdmin: string;
let owner: string;

const BASE = '/private/products/orchestrate/session';

async function newAccountToken(privilege: 'owner' | 'admin'): Promise<string> {
  const account = {
    email: `${privilege}-${randomUUID().slice(0, 8)}@medicalink.local`,
    password: `Pw-${randomUUID()}`,
    fullName: `Pat ${privilege}`,
    ...(privilege === 'owner' ? {} : { privilege }),
  };
  const created = await http.call('POST', '/accounts', { token: main, body: account });
  expect(created.status).toBe(201);
  return http.token(account.email, account.password);
}

beforeAll(async () => {
  system = await sharedSystem();
  http = gatewayClient(system.gatewayUrl);
  main = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
  [otherAdmin, owner] = await Promise.all([newAccountToken('admin'), newAccountToken('owner')]);
});

afterAll(async () => {
  await releaseSystem(system);
});

/** a complete product request body (every field set) with a unique code */
const productBody = seedProductBody;

type Session = Json & { sessionId: string; state: string };
type ErrorBody = { statusCode: number; message: string; errors?: string[]; details?: Json };
type Commit = Json & { success: boolean; productGuid: string; targetGuid: string };

async function newSession(token = main): Promise<string> {
  const created = await http.call<Session>('POST', `${BASE}/create`, { token });
  expect(created.status).toBe(201);
  return created.body.sessionId;
}

describe('product session workflow through the gateway', () => {
  it('runs the whole flow: create, product, target, progress, commit, and the product exists', async () => {
    const created = await http.call<Session>('POST', `${BASE}/create`, { token: main });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sessionId: expect.any(String),
      state: 'initiated',
      userId: expect.any(String),
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(created.body).toHaveProperty('organizationGuid');
    const id = created.body.sessionId;

    const body = productBody();
    const added = await http.call<Session>('POST', `${BASE}/${id}/product`, { token: main, body });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ sessionId: id, state: 'product-added', product: body });

    const unknownProvince = await http.call<ErrorBody>('POST', `${BASE}/${id}/audience-target`, {
      token: main,
      body: { osot_location_province: [1, 15] },
    });
    expect(unknownProvince.status).toBe(400);
    expect(unknownProvince.body.errors).toEqual([
      'osot_location_province: 15 is not one of the osot_location_province options',
    ]);

    const target = { osot_location_province: [1, 2], osot_registration_class: [1] };
    const targeted = await http.call<Session>('POST', `${BASE}/${id}/audience-target`, {
      token: main,
      body: target,
    });
    expect(targeted.status).toBe(200);
    expect(targeted.body).toMatchObject({
      state: 'target-configured',
      audienceTarget: { ...target, osot_practice_area: null },
    });

    const progress = await http.call('GET', `${BASE}/${id}/progress`, { token: main });
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({
      sessionId: id,
      state: 'target-configured',
      percentage: 75,
      canCommit: true,
      hasProduct: true,
      hasTarget: true,
      expiresAt: created.body['expiresAt'],
      secondsRemaining: expect.any(Number),
    });

    const commit = await http.call<Commit>('POST', `${BASE}/${id}/commit`, { token: main });
    expect(commit.status).toBe(200);
    expect(commit.body).toEqual({
      success: true,
      productGuid: expect.any(String),
      targetGuid: expect.any(String),
      productCode: body.productCode,
      operationId: commit.headers.get('x-correlation-id'),
    });
    const again = await http.call<Commit>('POST', `${BASE}/${id}/commit`, { token: main });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(commit.body);

    const product = await http.call('GET', `/private/products/${commit.body.productGuid}`, {
      token: main,
    });
    expect(product.status).toBe(200);
    expect(product.body).toMatchObject({
      productCode: body.productCode,
      generalPrice: 199.99,
      target: { id: commit.body.targetGuid, ...target, osot_practice_area: null },
    });
    const done = await http.call('GET', `${BASE}/${id}/progress`, { token: main });
    expect(done.body).toMatchObject({ state: 'committed', percentage: 100, canCommit: false });
  });

  it('answers a commit of a taken code with 409 and success: false, and the fixed session commits', async () => {
    const body = productBody();
    const direct = await http.call('POST', '/private/products', { token: main, body });
    expect(direct.status).toBe(201);

    // The step checks the orchestrator's copy of taken codes, which learns this one from the
    // product's creation event a moment later (the commit is what a race cannot get past).
    const stepOnFreshSession = async () =>
      http.call<ErrorBody>('POST', `${BASE}/${await newSession()}/product`, { token: main, body });
    await expect.poll(async () => (await stepOnFreshSession()).status).toBe(409);
    const atStep = await stepOnFreshSession();
    expect(atStep.status).toBe(409);
    expect(atStep.body.message).toBe(`Product code ${body.productCode} already exists`);

    const id = await newSession();

    // staged while free, taken before the commit
    const late = productBody();
    await http.call('POST', `${BASE}/${id}/product`, { token: main, body: late });
    expect((await http.call('POST', '/private/products', { token: main, body: late })).status).toBe(
      201,
    );
    const failed = await http.call('POST', `${BASE}/${id}/commit`, { token: main });
    expect(failed.status).toBe(409);
    expect(failed.body).toEqual({
      statusCode: 409,
      message: `Product code ${late.productCode} already exists`,
      success: false,
      errors: [`productCode: Product code ${late.productCode} already exists`],
      operationId: failed.headers.get('x-correlation-id'),
    });
    const state = await http.call('GET', `${BASE}/${id}/progress`, { token: main });
    expect(state.body).toMatchObject({ state: 'failed', canCommit: true });

    await http.call('POST', `${BASE}/${id}/product`, { token: main, body: productBody() });
    const fixed = await http.call<Commit>('POST', `${BASE}/${id}/commit`, { token: main });
    expect(fixed.status).toBe(200);
    expect(fixed.body.success).toBe(true);
  });

  it('refuses owners with 403 on every session route', async () => {
    const id = await newSession();
    const routes: [string, string, unknown?][] = [
      ['POST', `${BASE}/create`],
      ['POST', `${BASE}/${id}/product`, productBody()],
      ['POST', `${BASE}/${id}/audience-target`, {}],
      ['POST', `${BASE}/${id}/commit`],
      ['GET', `${BASE}/${id}/progress`],
    ];
    for (const [method, path, body] of routes) {
      const reply = await http.call(method, path, { token: owner, body });
      expect(reply.status, `${method} ${path}`).toBe(403);
    }
    const anonymous = await http.call('POST', `${BASE}/create`);
    expect(anonymous.status).toBe(401);
  });

  it('answers 404 for an unknown session and for another admin\u2019s session alike', async () => {
    const id = await newSession(main);
    const unknown = randomUUID();
    for (const [token, sessionId] of [
      [otherAdmin, id],
      [main, unknown],
    ] as const) {
      for (const [method, path, body] of [
        ['GET', `${BASE}/${sessionId}/progress`],
        ['POST', `${BASE}/${sessionId}/product`, productBody()],
        ['POST', `${BASE}/${sessionId}/audience-target`, {}],
        ['POST', `${BASE}/${sessionId}/commit`],
      ] as const) {
        const reply = await http.call<ErrorBody>(method, path, { token, body });
        expect(reply.status, `${method} ${path}`).toBe(404);
        expect(reply.body).toMatchObject({
          message: 'Session not found or expired',
          details: { sessionId },
        });
      }
    }
  });

  it('answers 400 naming every bad field, and 400 for a target or commit before a product', async () => {
    const id = await newSession();
    const invalid = await http.call<ErrorBody>('POST', `${BASE}/${id}/product`, {
      token: main,
      body: productBody({
        productCode: 'a',
        generalPrice: 1_000_000,
        inventory: 1.5,
        productYear: 2026,
        unknownField: true,
      }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toBe('Product validation failed');
    const fields = (invalid.body.errors ?? []).map((error) => error.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        'productCode',
        'generalPrice',
        'inventory',
        'productYear',
        'unknownField',
      ]),
    );

    const badTarget = await http.call<ErrorBody>('POST', `${BASE}/${id}/audience-target`, {
      token: main,
      body: { osot_location_province: ['ON'] },
    });
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.errors?.[0]).toMatch(/^osot_location_province/);

    const unknownChoice = await http.call<ErrorBody>('POST', `${BASE}/${id}/product`, {
      token: main,
      body: productBody({ productCategory: 99 }),
    });
    expect(unknownChoice.status).toBe(400);
    expect(unknownChoice.body).toMatchObject({
      message: 'Product validation failed',
      errors: ['productCategory: 99 is not one of the category options'],
    });

    const early = await http.call<ErrorBody>('POST', `${BASE}/${id}/audience-target`, {
      token: main,
      body: { osot_location_province: [1] },
    });
    expect(early.status).toBe(400);
    expect(early.body.message).toMatch(/product/i);
    const earlyCommit = await http.call<ErrorBody>('POST', `${BASE}/${id}/commit`, { token: main });
    expect(earlyCommit.status).toBe(400);
  });
});
