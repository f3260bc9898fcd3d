import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import {
  defineRpc,
  productCreated,
  productRpc,
  productTargetReplaced,
  TransportErrorCode,
  type AudienceTarget,
  type ListProductsQuery,
  type Product,
} from '@medicalink/contracts';
import { createDatabase, databaseUrl, sql, type Kysely } from '@medicalink/persistence';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  probeEvents,
  rpcFailure,
  seedProductBody,
  type EventProbe,
  type TestClient,
} from '@medicalink/testing';
import type { ProductDatabase } from '../src/database/product.schema';
import { startProduct } from '../src/start';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'prod');
let service: RunningService;
let client: TestClient;
let db: Kysely<ProductDatabase>;
let events: EventProbe;

beforeAll(async () => {
  events = await probeEvents(infrastructure.rabbitmqUrl, namespace.prefix, [
    productCreated.name,
    productTargetReplaced.name,
  ]);
  service = await startProduct(namespace.env({ PRODUCT_HTTP_PORT: '0' }));
  client = await createTestClient(namespace);
  db = createDatabase<ProductDatabase>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('product')),
  );
});

afterAll(async () => {
  await events?.close();
  await client?.close();
  await db?.destroy();
  await service?.close();
  await namespace.cleanup();
});

const newProduct = seedProductBody;

const OPEN: Record<string, null> = {
  osot_location_province: null,
  osot_registration_class: null,
  osot_practice_area: null,
  osot_years_in_practice: null,
  osot_employment_status: null,
  osot_employment_sector: null,
};

/** The same patterns without the client's own validation, to see what the service answers. */
const unchecked = {
  create: defineRpc('product.product.create', { request: z.unknown(), response: z.unknown() }),
  replaceTarget: defineRpc('product.target.replace', {
    request: z.unknown(),
    response: z.unknown(),
  }),
};

const outboxRows = (eventName: string, productId: string) =>
  db
    .selectFrom('outbox')
    .select(['payload'])
    .where('event_name', '=', eventName)
    .where(sql<boolean>`payload::jsonb ->> 'productId' = ${productId}`)
    .execute();

describe('product service: creation', () => {
  it('creates a product with an open-to-all target, stores prices exactly and announces it', async () => {
    const request = newProduct({ productCode: `osot-ws-${randomUUID().slice(0, 6)}` });
    const product = await client.rpc.call(productRpc.create, request);
    expect(product).toMatchObject({
      ...request,
      productCode: request.productCode.toUpperCase(),
      target: { ...OPEN },
    });
    expect(await client.rpc.call(productRpc.get, { id: product.id })).toEqual(product);

    const row = await db
      .selectFrom('products')
      .select(['general_price', 'ot_stu_price', 'taxes', 'shipping', 'code'])
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      general_price: '199.99',
      ot_stu_price: '149.99',
      taxes: '13.000',
      shipping: '0.00',
      code: request.productCode.toUpperCase(),
    });
    const { data_type } = await db
      .selectFrom('information_schema.columns' as never)
      .select(sql<string>`data_type`.as('data_type'))
      .where(sql<boolean>`table_name = 'products' and column_name = 'general_price'`)
      .executeTakeFirstOrThrow();
    expect(data_type).toBe('numeric');

    const event = await events.waitFor(
      productCreated.name,
      (body) => body['productId'] === product.id,
    );
    expect(event.body).toMatchObject({
      targetId: product.target.id,
      productCode: product.productCode,
      target: OPEN,
    });
  });

  it('keeps the largest price and cents exactly, and leaves optional fields null', async () => {
    const product = await client.rpc.call(productRpc.create, {
      productCode: `min-${randomUUID().slice(0, 8)}`,
      productName: 'Minimal',
      productCategory: 1,
      productStatus: 1,
      productGlCode: 1,
      generalPrice: 999999.99,
      shipping: '0.1',
      productYear: '2027',
    });
    expect(product).toMatchObject({
      generalPrice: 999999.99,
      shipping: 0.1,
      taxes: 0,
      otStuPrice: null,
      inventory: null,
      productDescription: null,
      postPurchaseInfo: null,
      activeMembershipOnly: false,
    });
  });

  it('refuses a taken code in any case with 409 PRODUCT_CODE_TAKEN naming the code', async () => {
    const first = await client.rpc.call(productRpc.create, newProduct());
    const again = await rpcFailure(
      client.rpc.call(
        productRpc.create,
        newProduct({ productCode: first.productCode.toLowerCase() }),
      ),
    );
    expect(again.envelope).toMatchObject({
      code: 'PRODUCT_CODE_TAKEN',
      status: 409,
      message: `Product code ${first.productCode} already exists`,
      details: { field: 'productCode', productCode: first.productCode },
    });
    const viaTarget = await rpcFailure(
      client.rpc.call(
        productRpc.createWithTarget,
        { product: newProduct({ productCode: first.productCode }), target: {} },
        { idempotencyKey: `dup-${randomUUID()}` },
      ),
    );
    expect(viaTarget.envelope).toMatchObject({ code: 'PRODUCT_CODE_TAKEN', status: 409 });
    expect(
      await client.rpc.call(productRpc.codeExists, {
        productCode: first.productCode.toLowerCase(),
      }),
    ).toEqual({ exists: true, productId: first.id });
    expect(
      await client.rpc.call(productRpc.codeExists, {
        productCode: `NONE-${randomUUID().slice(0, 8)}`,
      }),
    ).toEqual({ exists: false, productId: null });
  });

  it('answers 400 naming every invalid field, from the service itself', async () => {
    const failure = await rpcFailure(
      client.rpc.call(unchecked.create, {
        ...newProduct(),
        productCode: 'a',
        generalPrice: 1_000_000,
        otStuPrice: 1.234,
        inventory: -1,
        productYear: 2026,
        unknownField: true,
      }),
    );
    expect(failure.envelope).toMatchObject({
      code: TransportErrorCode.ValidationFailed,
      status: 400,
    });
    const paths = (failure.envelope.details?.['issues'] as { path: string }[]).map(
      (issue) => issue.path,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'productCode',
        'generalPrice',
        'otStuPrice',
        'inventory',
        'productYear',
      ]),
    );
    expect(failure.envelope.message).toContain('unknownField');

    const target = await rpcFailure(
      client.rpc.call(unchecked.replaceTarget, {
        productId: randomUUID(),
        target: { osot_practice_area: ['two'] },
      }),
    );
    expect(target.envelope).toMatchObject({ status: 400 });
    expect(target.envelope.message).toContain('target.osot_practice_area.0');
  });
  it('refuses choice values its option sets do not have (400 naming each), and creates nothing', async () => {
    const product = { ...newProduct(), productCategory: 99, productGlCode: 5 };
    const failure = await rpcFailure(client.rpc.call(productRpc.create, product));
    expect(failure.envelope).toMatchObject({
      code: TransportErrorCode.ValidationFailed,
      status: 400,
      message: 'Product validation failed',
      details: {
        issues: [
          { path: 'productCategory', message: '99 is not one of the category options' },
          { path: 'productGlCode', message: '5 is not one of the glCode options' },
        ],
      },
    });
    const { exists } = await client.rpc.call(productRpc.codeExists, {
      productCode: product.productCode,
    });
    expect(exists).toBe(false);

    const created = await client.rpc.call(productRpc.create, newProduct());
    const target = await rpcFailure(
      client.rpc.call(productRpc.replaceTarget, {
        productId: created.id,
        target: { osot_location_province: [1, 15] },
      }),
    );
    expect(target.envelope.details?.['issues']).toEqual([
      {
        path: 'osot_location_province',
        message: '15 is not one of the osot_location_province options',
      },
    ]);
  });
});

describe('product service: createWithTarget', () => {
  const target = {
    osot_location_province: [2, 1],
    osot_practice_area: [2, 5, 8],
    osot_employment_sector: [],
  };

  it('creates product and target together, once per idempotency key', async () => {
    const request = { product: newProduct(), target };
    const key = `session:${randomUUID()}:commit`;
    const replies = await Promise.all(
      [1, 2, 3].map(() =>
        client.rpc.call(productRpc.createWithTarget, request, { idempotencyKey: key }),
      ),
    );
    const [first] = replies;
    for (const reply of replies) expect(reply).toEqual(first);
    expect(first?.target).toMatchObject({
      ...OPEN,
      osot_location_province: [1, 2],
      osot_practice_area: [2, 5, 8],
    });
    const later = await client.rpc.call(productRpc.createWithTarget, request, {
      idempotencyKey: key,
    });
    expect(later).toEqual(first);
    const rows = await db
      .selectFrom('products')
      .select('id')
      .where('code', '=', request.product.productCode)
      .execute();
    expect(rows).toEqual([{ id: first?.id }]);
    expect(await outboxRows(productCreated.name, first!.id)).toHaveLength(1);
  });

  it('keeps the key on the product it created, and refuses it for another request (422)', async () => {
    const key = `session:${randomUUID()}:commit`;
    const created = await client.rpc.call(
      productRpc.createWithTarget,
      { product: newProduct(), target },
      { idempotencyKey: key },
    );
    const stored = await db
      .selectFrom('products')
      .select(['creation_key', 'creation_request_hash'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.creation_key).toBe(key);
    expect(stored.creation_request_hash).toMatch(/^[0-9a-f]{64}$/);

    const reused = await rpcFailure(
      client.rpc.call(
        productRpc.createWithTarget,
        { product: newProduct(), target },
        { idempotencyKey: key },
      ),
    );
    expect(reused.envelope).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    // a direct creation under that key is another request too
    const direct = await rpcFailure(
      client.rpc.call(productRpc.create, newProduct(), { idempotencyKey: key }),
    );
    expect(direct.envelope).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('refuses a call without an idempotency key', async () => {
    const failure = await rpcFailure(
      client.rpc.call(productRpc.createWithTarget, { product: newProduct(), target }),
    );
    expect(failure.envelope).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REQUIRED',
      status: 400,
      details: { field: 'idempotencyKey' },
    });
  });

  it('leaves no product and no event when the target insert fails', async () => {
    // A real failure inside the transaction: a trigger refuses targets admitting practice area 12.
    await sql`
      create or replace function refuse_test_target() returns trigger language plpgsql as $$
      begin
        if new.practice_area @> array[12] then raise exception 'target refused by test'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_test_target before insert on product_targets
      for each row execute function refuse_test_target()`.execute(db);
    try {
      const product = newProduct();
      const key = `session:${randomUUID()}:commit`;
      const failure = await rpcFailure(
        client.rpc.call(
          productRpc.createWithTarget,
          { product, target: { osot_practice_area: [12] } },
          { idempotencyKey: key, retries: 0 },
        ),
      );
      expect(failure.envelope.status).toBe(500);
      const left = await db
        .selectFrom('products')
        .select('id')
        .where('code', '=', product.productCode)
        .execute();
      expect(left).toEqual([]);
      const outbox = await db
        .selectFrom('outbox')
        .select('id')
        .where(sql<boolean>`payload::jsonb ->> 'productCode' = ${product.productCode}`)
        .execute();
      expect(outbox).toEqual([]);

      // the key was not used up: the same commit with a target the trigger admits succeeds
      const retried = await client.rpc.call(
        productRpc.createWithTarget,
        { product, target: { osot_practice_area: [11] } },
        { idempotencyKey: key },
      );
      expect(retried.productCode).toBe(product.productCode);
    } finally {
      await sql`drop trigger refuse_test_target on product_targets`.execute(db);
    }
  });
});

describe('product service: code listing', () => {
  it('pages through every code in code order, upper case', async () => {
    const tag = `LC${randomUUID().slice(0, 6)}`.toUpperCase();
    const codes = ['C', 'a', 'B'].map((suffix) => `${tag}-${suffix}`);
    for (const productCode of codes)
      await client.rpc.call(productRpc.create, newProduct({ productCode }));

    const seen: string[] = [];
    let after: string | null = `${tag}-`; // codes sort after their shared prefix
    while (after !== null) {
      const page: { codes: string[]; next: string | null } = await client.rpc.call(
        productRpc.listCodes,
        { after, limit: 2 },
      );
      expect(page.codes.length).toBeLessThanOrEqual(2);
      seen.push(...page.codes);
      after = page.codes.some((code) => !code.startsWith(tag)) ? null : page.next;
    }
    expect(seen.filter((code) => code.startsWith(tag))).toEqual([
      `${tag}-A`,
      `${tag}-B`,
      `${tag}-C`,
    ]);
  });
});

describe('product service: target replacement', () => {
  it('replaces the whole target, announces it through the outbox, and skips a no-op', async () => {
    const product = await client.rpc.call(
      productRpc.createWithTarget,
      {
        product: newProduct(),
        target: { osot_registration_class: [1], osot_years_in_practice: [3, 4] },
      },
      { idempotencyKey: randomUUID() },
    );
    const replaced = await client.rpc.call(productRpc.replaceTarget, {
      productId: product.id,
      target: { osot_location_province: [5], osot_employment_status: [1, 3] },
    });
    expect(replaced.target).toEqual({
      ...OPEN,
      id: product.target.id,
      osot_location_province: [5],
      osot_employment_status: [1, 3],
      updatedAt: replaced.target.updatedAt,
    });
    expect(await client.rpc.call(productRpc.get, { id: product.id })).toEqual(replaced);

    const [row] = await outboxRows(productTargetReplaced.name, product.id);
    expect(row?.payload).toMatchObject({
      productId: product.id,
      targetId: product.target.id,
      target: { ...OPEN, osot_location_province: [5], osot_employment_status: [1, 3] },
    });
    await events.waitFor(productTargetReplaced.name, (body) => body['productId'] === product.id);

    const same = await client.rpc.call(productRpc.replaceTarget, {
      productId: product.id,
      target: { osot_employment_status: [3, 1, 3], osot_location_province: [5] },
    });
    expect(same).toEqual(replaced);
    expect(await outboxRows(productTargetReplaced.name, product.id)).toHaveLength(1);
  });

  it('answers 404 for an unknown product', async () => {
    const id = randomUUID();
    const get = await rpcFailure(client.rpc.call(productRpc.get, { id }));
    expect(get.envelope).toMatchObject({ code: 'PRODUCT_NOT_FOUND', status: 404 });
    const replace = await rpcFailure(
      client.rpc.call(productRpc.replaceTarget, { productId: id, target: {} }),
    );
    expect(replace.envelope).toMatchObject({ code: 'PRODUCT_NOT_FOUND', status: 404 });
  });
});

describe('product service: list', () => {
  const tag = `T${randomUUID().slice(0, 6)}`.toUpperCase();
  const created: Record<string, Product> = {};
  const names = (products: Product[]) => products.map((product) => product.productName).sort();
  const list = async (query: Partial<ListProductsQuery>) =>
    (await client.rpc.call(productRpc.list, { search: tag, limit: 100, ...query })).data;

  /** name -> [product overrides, target] */
  const fixtures: Record<string, [Record<string, unknown>, AudienceTarget]> = {
    open: [{ productCategory: 1, productStatus: 1, productYear: '2025' }, {}],
    ontario: [
      { productCategory: 1, productStatus: 2, productYear: '2026' },
      { osot_location_province: [1] },
    ],
    ontarioQuebecClinic: [
      { productCategory: 2, productStatus: 1, productYear: '2026' },
      { osot_location_province: [1, 2], osot_practice_area: [7] },
    ],
    everyCriterion: [
      { productCategory: 3, productStatus: 2, productYear: '2026' },
      {
        osot_location_province: [3],
        osot_registration_class: [1],
        osot_practice_area: [2],
        osot_years_in_practice: [4],
        osot_employment_status: [5],
        osot_employment_sector: [6],
      },
    ],
  };

  beforeAll(async () => {
    for (const [name, [overrides, target]] of Object.entries(fixtures)) {
      created[name] = await client.rpc.call(
        productRpc.createWithTarget,
        {
          product: newProduct({
            productName: `${tag} ${name}`,
            productCode: `${tag}-${name.slice(0, 20)}`,
            ...overrides,
          }),
          target,
        },
        { idempotencyKey: randomUUID() },
      );
    }
  });

  it('filters by category, status, year and code or name, paginated', async () => {
    expect(names(await list({}))).toHaveLength(4);
    expect(names(await list({ category: 1 }))).toEqual([`${tag} ontario`, `${tag} open`]);
    expect(names(await list({ status: 2 }))).toEqual([`${tag} everyCriterion`, `${tag} ontario`]);
    expect(names(await list({ year: '2025' }))).toEqual([`${tag} open`]);
    expect(names(await list({ category: 1, year: '2026' }))).toEqual([`${tag} ontario`]);
    // by code, case-insensitively, and LIKE wildcards are literal
    expect(names(await list({ search: `${tag}-ontarioq`.toLowerCase() }))).toEqual([
      `${tag} ontarioQuebecClinic`,
    ]);
    expect(await list({ search: `${tag}%` })).toEqual([]);

    const page = await client.rpc.call(productRpc.list, { search: tag, limit: 3, page: 2 });
    expect(page.meta).toEqual({
      page: 2,
      limit: 3,
      total: 4,
      totalPages: 2,
      hasNext: false,
      hasPrev: true,
    });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]?.target).toBeDefined();
  });

  it.each<[string, Partial<ListProductsQuery>, string[]]>([
    ['no audience: everything', {}, ['everyCriterion', 'ontario', 'ontarioQuebecClinic', 'open']],
    ['province 1: null or contains 1', { province: 1 }, ['ontario', 'ontarioQuebecClinic', 'open']],
    ['province 2', { province: 2 }, ['ontarioQuebecClinic', 'open']],
    ['province 9: only the open ones', { province: 9 }, ['open']],
    ['practice area 7', { practiceArea: 7 }, ['ontario', 'ontarioQuebecClinic', 'open']],
    ['practice area 8', { practiceArea: 8 }, ['ontario', 'open']],
    ['province 2 and practice area 8', { province: 2, practiceArea: 8 }, ['open']],
    [
      'every criterion matching',
      {
        province: 3,
        registrationClass: 1,
        practiceArea: 2,
        yearsInPractice: 4,
        employmentStatus: 5,
        employmentSector: 6,
      },
      ['everyCriterion', 'open'],
    ],
    [
      'every criterion but one matching',
      {
        province: 3,
        registrationClass: 1,
        practiceArea: 2,
        yearsInPractice: 4,
        employmentStatus: 5,
        employmentSector: 7,
      },
      ['open'],
    ],
    [
      'registration class 1',
      { registrationClass: 1 },
      ['everyCriterion', 'ontario', 'ontarioQuebecClinic', 'open'],
    ],
    ['years in practice 0', { yearsInPractice: 0 }, ['ontario', 'ontarioQuebecClinic', 'open']],
    ['employment status 5, category 3', { employmentStatus: 5, category: 3 }, ['everyCriterion']],
  ])('audience match: %s', async (_case, query, expected) => {
    expect(names(await list(query))).toEqual(expected.map((name) => `${tag} ${name}`).sort());
  });

  it('answers the audience match with the GIN indexes', async () => {
    // a handful of rows would be scanned anyway; forbid that to see the index is usable
    const { rows } = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql<{ 'QUERY PLAN': string }>`
        explain select id from product_targets
        where location_province_match && array[-1, 1]::integer[]`.execute(trx);
    });
    expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(
      'product_targets_location_province_match_idx',
    );
  });
});
