import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient, type Json } from '@medicalink/testing';
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
let admin: string;
let owner: string;

beforeAll(async () => {
  system = await sharedSystem();
  http = gatewayClient(system.gatewayUrl);
  admin = await http.token(E2E_ADMIN.email, E2E_ADMIN.password);
  const ownerAccount = {
    email: `owner-${randomUUID().slice(0, 8)}@medicalink.local`,
    password: `Pw-${randomUUID()}`,
    fullName: 'Olive Owner',
  };
  const created = await http.call('POST', '/accounts', { token: admin, body: ownerAccount });
  expect(created.status).toBe(201);
  owner = await http.token(ownerAccount.email, ownerAccount.password);
});

afterAll(async () => {
  await releaseSystem(system);
});

/** a complete product request body (every field set) with a unique code */
function productBody(overrides: Json = {}) {
  return {
    productCode: `osot-ws-${randomUUID().slice(0, 8)}`,
    productName: 'Advanced OT Workshop 2026',
    productDescription: 'Professional development workshop for OTs',
    productCategory: 3,
    productStatus: 1,
    productGlCode: 16,
    generalPrice: 199.99,
    otStuPrice: 149.99,
    inventory: 50,
    taxes: 13,
    shipping: 0,
    productYear: '2026',
    activeMembershipOnly: true,
    postPurchaseInfo: 'Workshop materials will be sent 1 week before event.',
    ...overrides,
  };
}

const OPEN = {
  osot_location_province: null,
  osot_registration_class: null,
  osot_practice_area: null,
  osot_years_in_practice: null,
  osot_employment_status: null,
  osot_employment_sector: null,
};

type Product = Json & { id: string; productCode: string; productName: string; target: Json };
type Page = { data: Product[]; meta: Json };
type ErrorBody = { statusCode: number; message: string; errors?: string[]; details?: Json };

describe('products through the gateway (direct routes)', () => {
  it('creates a product (201) with an open-to-all target, reads it, and replaces its target', async () => {
    const body = productBody();
    const created = await http.call<Product>('POST', '/private/products', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...body,
      productCode: body.productCode.toUpperCase(),
      target: OPEN,
    });

    const read = await http.call<Product>('GET', `/private/products/${created.body.id}`, {
      token: admin,
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await http.call<Product>(
      'PATCH',
      `/private/products/${created.body.id}/target`,
      {
        token: admin,
        body: { osot_location_province: [2, 1], osot_practice_area: [5] },
      },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.target).toMatchObject({
      ...OPEN,
      id: (created.body.target as { id: string }).id,
      osot_location_province: [1, 2],
      osot_practice_area: [5],
    });
    const reread = await http.call<Product>('GET', `/private/products/${created.body.id}`, {
      token: admin,
    });
    expect(reread.body.target).toEqual(patched.body.target);
  });

  it('replays a creation retried with the same Idempotency-Key', async () => {
    const body = productBody();
    const headers = { 'idempotency-key': `e2e-${randomUUID()}` };
    const first = await http.call<Product>('POST', '/private/products', {
      token: admin,
      body,
      headers,
    });
    const second = await http.call<Product>('POST', '/private/products', {
      token: admin,
      body,
      headers,
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
  });

  it('lists with filters and the audience match', async () => {
    const tag = `L${randomUUID().slice(0, 6)}`.toUpperCase();
    const make = async (name: string, overrides: Json, target?: Json) => {
      const created = await http.call<Product>('POST', '/private/products', {
        token: admin,
        body: productBody({
          productName: `${tag} ${name}`,
          productCode: `${tag}-${name}`,
          ...overrides,
        }),
      });
      expect(created.status).toBe(201);
      if (target) {
        const patched = await http.call('PATCH', `/private/products/${created.body.id}/target`, {
          token: admin,
          body: target,
        });
        expect(patched.status).toBe(200);
      }
    };
    await make('OPEN', { productCategory: 1, productYear: '2025' });
    await make(
      'ONTARIO',
      { productCategory: 1, productStatus: 2 },
      { osot_location_province: [1] },
    );
    await make(
      'QUEBEC-CLINIC',
      { productCategory: 2 },
      { osot_location_province: [2], osot_practice_area: [7], osot_employment_sector: [4] },
    );

    const names = async (query: string) => {
      const reply = await http.call<Page>('GET', `/private/products?search=${tag}&${query}`, {
        token: admin,
      });
      expect(reply.status).toBe(200);
      return reply.body.data.map((product) => product.productName.slice(tag.length + 1)).sort();
    };
    expect(await names('')).toEqual(['ONTARIO', 'OPEN', 'QUEBEC-CLINIC']);
    expect(await names('category=1')).toEqual(['ONTARIO', 'OPEN']);
    expect(await names('status=2')).toEqual(['ONTARIO']);
    expect(await names('year=2025')).toEqual(['OPEN']);
    expect(await names('province=1')).toEqual(['ONTARIO', 'OPEN']);
    expect(await names('province=2')).toEqual(['OPEN', 'QUEBEC-CLINIC']);
    expect(await names('province=3')).toEqual(['OPEN']);
    expect(await names('practiceArea=7&employmentSector=4')).toEqual([
      'ONTARIO',
      'OPEN',
      'QUEBEC-CLINIC',
    ]);
    expect(await names('practiceArea=8')).toEqual(['ONTARIO', 'OPEN']);
    expect(await names('registrationClass=1&yearsInPractice=2&employmentStatus=3')).toEqual([
      'ONTARIO',
      'OPEN',
      'QUEBEC-CLINIC',
    ]);
    expect(await names('province=2&category=2')).toEqual(['QUEBEC-CLINIC']);

    const page = await http.call<Page>('GET', `/private/products?search=${tag}&limit=2&page=2`, {
      token: admin,
    });
    expect(page.body.meta).toMatchObject({ page: 2, limit: 2, total: 3, hasPrev: true });
    expect(page.body.data).toHaveLength(1);
  });

  it('refuses every route to an owner with 403', async () => {
    const someId = randomUUID();
    const replies = await Promise.all([
      http.call('POST', '/private/products', { token: owner, body: productBody() }),
      http.call('GET', '/private/products', { token: owner }),
      http.call('GET', `/private/products/${someId}`, { token: owner }),
      http.call('PATCH', `/private/products/${someId}/target`, { token: owner, body: {} }),
    ]);
    expect(replies.map((reply) => reply.status)).toEqual([403, 403, 403, 403]);
    expect((await http.call('GET', '/private/products')).status).toBe(401);
  });

  it('answers 400 naming each invalid field, 409 for a taken code and 404 for an unknown product', async () => {
    const invalid = await http.call<ErrorBody>('POST', '/private/products', {
      token: admin,
      body: productBody({
        productCode: 'x',
        generalPrice: 199.999,
        otStuPrice: -1,
        inventory: 2.5,
        taxes: 101,
        productYear: 2026,
        activeMembershipOnly: 'yes',
      }),
    });
    expect(invalid.status).toBe(400);
    const fields = (invalid.body.errors ?? []).map((error) => error.split(':')[0]);
    expect(fields.sort()).toEqual(
      [
        'activeMembershipOnly',
        'generalPrice',
        'inventory',
        'otStuPrice',
        'productCode',
        'productYear',
        'taxes',
      ].sort(),
    );

    const badTarget = await http.call<ErrorBody>(
      'PATCH',
      `/private/products/${randomUUID()}/target`,
      {
        token: admin,
        body: { osot_location_province: 'ON', province: [1] },
      },
    );
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^osot_location_province: /),
        'province: is not an accepted field',
      ]),
    );

    const badQuery = await http.call<ErrorBody>('GET', '/private/products?province=ON&year=26', {
      token: admin,
    });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors?.map((error) => error.split(':')[0]).sort()).toEqual([
      'province',
      'year',
    ]);
    expect(
      (await http.call<ErrorBody>('GET', '/private/products/not-a-uuid', { token: admin })).status,
    ).toBe(400);

    const first = await http.call<Product>('POST', '/private/products', {
      token: admin,
      body: productBody(),
    });
    const taken = await http.call<ErrorBody>('POST', '/private/products', {
      token: admin,
      body: productBody({ productCode: first.body.productCode.toLowerCase() }),
    });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toBe(`Product code ${first.body.productCode} already exists`);
    expect(taken.body.details).toMatchObject({ code: 'PRODUCT_CODE_TAKEN' });

    const missing = randomUUID();
    const notFound = await http.call<ErrorBody>('GET', `/private/products/${missing}`, {
      token: admin,
    });
    expect(notFound.status).toBe(404);
    expect(notFound.body.message).toBe(`Product ${missing} not found`);
    const patchMissing = await http.call('PATCH', `/private/products/${missing}/target`, {
      token: admin,
      body: {},
    });
    expect(patchMissing.status).toBe(404);
  });
});
