import { Injectable } from '@nestjs/common';
import {
  AUDIENCE_QUERY_CRITERIA,
  amountToNumber,
  type ListProductsQuery,
  type ParsedAudienceTarget,
  type Product,
  type TargetCriterion,
} from '@medicalink/contracts';
import {
  containsPattern,
  sql,
  type Insertable,
  type Kysely,
  type Selectable,
  selectPage,
} from '@medicalink/persistence';
import { CRITERION_COLUMNS, OPEN_TO_ALL } from '../database/product.migrations';
import type { ProductDatabase, ProductsTable } from '../database/product.schema';

type Db = Kysely<ProductDatabase>;
type CriterionColumn = (typeof CRITERION_COLUMNS)[number];
export type ProductRow = Selectable<ProductsTable>;
export type TargetCriteriaRow = Record<CriterionColumn, number[] | null>;
export type TargetRow = TargetCriteriaRow & {
  id: string;
  product_id: string;
  created_at: Date;
  updated_at: Date;
};

/** The contract's criterion names are the columns with Dataverse's `osot_` prefix. */
const columnOf = (criterion: TargetCriterion) => criterion.slice('osot_'.length) as CriterionColumn;

/** Every column, named: a `select *` is not sent as a prepared statement (libs/persistence). */
const PRODUCT_COLUMNS = [
  'id',
  'code',
  'name',
  'description',
  'category',
  'status',
  'gl_code',
  'general_price',
  'ot_stu_price',
  'inventory',
  'taxes',
  'shipping',
  'year',
  'active_membership_only',
  'post_purchase_info',
  'creation_key',
  'creation_request_hash',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ProductsTable)[];
/** The same, qualified: in the list's join, product_targets has an id and timestamps too. */
const QUALIFIED_PRODUCT_COLUMNS = PRODUCT_COLUMNS.map((column) => `products.${column}` as const);

const TARGET_COLUMNS = [
  'id',
  'product_id',
  ...CRITERION_COLUMNS,
  'created_at',
  'updated_at',
] as const;

@Injectable()
export class ProductsRepository {
  async insertProduct(db: Db, values: Insertable<ProductsTable>): Promise<ProductRow> {
    return db
      .insertInto('products')
      .values(values)
      .returning(PRODUCT_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async insertTarget(db: Db, productId: string, target: ParsedAudienceTarget): Promise<TargetRow> {
    return db
      .insertInto('product_targets')
      .values({ product_id: productId, ...criteriaColumns(target) })
      .returning(TARGET_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async findProduct(db: Db, id: string): Promise<ProductRow | undefined> {
    return db
      .selectFrom('products')
      .select(PRODUCT_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findByCreationKey(
    db: Db,
    key: string,
  ): Promise<{ id: string; creation_request_hash: string | null } | undefined> {
    return db
      .selectFrom('products')
      .select(['id', 'creation_request_hash'])
      .where('creation_key', '=', key)
      .executeTakeFirst();
  }

  async findTarget(db: Db, productId: string): Promise<TargetRow | undefined> {
    return db
      .selectFrom('product_targets')
      .select(TARGET_COLUMNS)
      .where('product_id', '=', productId)
      .executeTakeFirst();
  }

  /** The target of a product, locked until the transaction ends (a replace reads, then writes). */
  async findTargetForUpdate(db: Db, productId: string): Promise<TargetRow | undefined> {
    return db
      .selectFrom('product_targets')
      .select(TARGET_COLUMNS)
      .where('product_id', '=', productId)
      .forUpdate()
      .executeTakeFirst();
  }

  async findTargets(db: Db, productIds: readonly string[]): Promise<TargetRow[]> {
    if (productIds.length === 0) return [];
    return db
      .selectFrom('product_targets')
      .select(TARGET_COLUMNS)
      .where('product_id', 'in', productIds)
      .execute();
  }

  async updateTarget(db: Db, productId: string, target: ParsedAudienceTarget): Promise<TargetRow> {
    return db
      .updateTable('product_targets')
      .set({ ...criteriaColumns(target), updated_at: new Date() })
      .where('product_id', '=', productId)
      .returning(TARGET_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  /** Codes after `after` in code order (the unique index on upper(code) serves it). */
  async listCodes(db: Db, after: string | null, limit: number): Promise<string[]> {
    let query = db
      .selectFrom('products')
      .select(sql<string>`upper(code)`.as('code'))
      .orderBy(sql`upper(code)`)
      .limit(limit);
    if (after !== null) query = query.where(sql<string>`upper(code)`, '>', after.toUpperCase());
    return (await query.execute()).map((row) => row.code);
  }

  async findIdByCode(db: Db, code: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('products')
      .select('id')
      .where(sql<string>`upper(code)`, '=', code.toUpperCase())
      .executeTakeFirst();
    return row?.id;
  }

  /** One page of products matching the filters and the audience, and how many match in all. */
  async list(db: Db, query: ListProductsQuery): Promise<{ rows: ProductRow[]; total: number }> {
    let filtered = db
      .selectFrom('products')
      .innerJoin('product_targets as target', 'target.product_id', 'products.id');
    if (query.category !== undefined)
      filtered = filtered.where('products.category', '=', query.category);
    if (query.status !== undefined) filtered = filtered.where('products.status', '=', query.status);
    if (query.year !== undefined) filtered = filtered.where('products.year', '=', query.year);
    if (query.search) {
      // Bound as a parameter; only LIKE's own wildcards need escaping.
      const pattern = containsPattern(query.search);
      filtered = filtered.where((eb) =>
        eb.or([eb('products.code', 'ilike', pattern), eb('products.name', 'ilike', pattern)]),
      );
    }
    for (const [parameter, criterion] of Object.entries(AUDIENCE_QUERY_CRITERIA)) {
      const value = query[parameter as keyof typeof AUDIENCE_QUERY_CRITERIA];
      if (value === undefined) continue;
      // null (stored as {-1} in the match column) or containing the value: one GIN lookup
      filtered = filtered.where(
        `target.${columnOf(criterion)}_match`,
        '&&',
        sql<number[]>`array[${sql.lit(OPEN_TO_ALL)}, ${value}]::integer[]`,
      );
    }
    return selectPage(
      filtered,
      (page) =>
        page.select(QUALIFIED_PRODUCT_COLUMNS).orderBy('products.name').orderBy('products.id'),
      query,
    );
  }
}

export function criteriaColumns(target: ParsedAudienceTarget): TargetCriteriaRow {
  return Object.fromEntries(
    Object.entries(target).map(([criterion, values]) => [
      columnOf(criterion as TargetCriterion),
      values,
    ]),
  ) as TargetCriteriaRow;
}

/** A stored target in the contract's criterion names. */
export function targetCriteria(row: TargetCriteriaRow): ParsedAudienceTarget {
  return {
    osot_location_province: row.location_province,
    osot_registration_class: row.registration_class,
    osot_practice_area: row.practice_area,
    osot_years_in_practice: row.years_in_practice,
    osot_employment_status: row.employment_status,
    osot_employment_sector: row.employment_sector,
  };
}

export function sameCriteria(a: TargetCriteriaRow, b: TargetCriteriaRow): boolean {
  return CRITERION_COLUMNS.every(
    (column) => JSON.stringify(a[column]) === JSON.stringify(b[column]),
  );
}

export function toProduct(row: ProductRow, target: TargetRow): Product {
  return {
    id: row.id,
    productCode: row.code,
    productName: row.name,
    productDescription: row.description,
    productCategory: row.category,
    productStatus: row.status,
    productGlCode: row.gl_code,
    generalPrice: amountToNumber(row.general_price),
    otStuPrice: row.ot_stu_price === null ? null : amountToNumber(row.ot_stu_price),
    inventory: row.inventory,
    taxes: amountToNumber(row.taxes),
    shipping: amountToNumber(row.shipping),
    productYear: row.year,
    activeMembershipOnly: row.active_membership_only,
    postPurchaseInfo: row.post_purchase_info,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    target: {
      id: target.id,
      ...targetCriteria(target),
      updatedAt: target.updated_at.toISOString(),
    },
  };
}
