import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PRODUCT_OPTION_SETS, productRpc } from '@medicalink/contracts';
import { createDatabase, databaseUrl, sql, type Kysely } from '@medicalink/persistence';
import type { RunningService } from '@medicalink/runtime';
import { createTestClient, createTestNamespace, type TestClient } from '@medicalink/testing';
import type { ProductDatabase } from '../src/database/product.schema';
import { startProduct } from '../src/start';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'popt');
let service: RunningService;
let client: TestClient;
let db: Kysely<ProductDatabase>;

beforeAll(async () => {
  service = await startProduct(namespace.env({ PRODUCT_HTTP_PORT: '0' }));
  client = await createTestClient(namespace);
  db = createDatabase<ProductDatabase>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('product')),
  );
});

afterAll(async () => {
  await client?.close();
  await db?.destroy();
  await service?.close();
  await namespace.cleanup();
});

describe('product service: option sets', () => {
  it('serves every option set from PostgreSQL, labelled and in display order', async () => {
    const options = await client.rpc.call(productRpc.options, {});

    expect(Object.keys(options).sort()).toEqual([...PRODUCT_OPTION_SETS].sort());
    for (const set of PRODUCT_OPTION_SETS) expect(options[set].length).toBeGreaterThan(2);
    // the values the product guide's examples use
    expect(options.osot_location_province.slice(0, 2)).toEqual([
      { value: 1, label: 'Ontario' },
      { value: 2, label: 'Quebec' },
    ]);
    expect(options.category).toContainEqual({ value: 3, label: 'Workshop' });
    expect(options.glCode).toContainEqual({ value: 16, label: '4400 Continuing education' });

    const rows = await db
      .selectFrom('option_sets')
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    const served = PRODUCT_OPTION_SETS.reduce((sum, set) => sum + options[set].length, 0);
    expect(rows.count).toBe(served);
  });

  it('reads the labels from the database, not from code', async () => {
    await db
      .updateTable('option_sets')
      .set({ label: 'Ontario (ON)' })
      .where('set_name', '=', 'osot_location_province')
      .where('value', '=', 1)
      .execute();
    // A fresh process reads the table once; this one read it in the test above, so restart it.
    await service.close();
    service = await startProduct(namespace.env({ PRODUCT_HTTP_PORT: '0' }));

    const options = await client.rpc.call(productRpc.options, {});
    expect(options.osot_location_province[0]).toEqual({ value: 1, label: 'Ontario (ON)' });
  });
});
