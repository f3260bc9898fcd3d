import { Inject, Injectable } from '@nestjs/common';
import {
  AudienceTarget,
  paginationMetadata,
  productCreated,
  productTargetReplaced,
  type ListProductsQuery,
  type PaginatedResponse,
  type ParsedAudienceTarget,
  type ParsedProductInput,
  type Product,
} from '@medicalink/contracts';
import {
  isUniqueViolation,
  Outbox,
  OutboxRelay,
  runIdempotent,
  type Kysely,
} from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { ProductDatabase } from '../database/product.schema';
import { idempotencyKeyRequired, productCodeTaken, productNotFound } from './products.errors';
import {
  criteriaColumns,
  ProductsRepository,
  sameCriteria,
  targetCriteria,
  toProduct,
  type ProductRow,
} from './products.repository';

type Db = Kysely<ProductDatabase>;

/** Every criterion null: the target of a directly created product. */
const OPEN_TO_ALL: ParsedAudienceTarget = AudienceTarget.parse({});

@Injectable()
export class ProductsService {
  constructor(
    @Inject(DATABASE) private readonly db: Db,
    private readonly products: ProductsRepository,
    private readonly relay: OutboxRelay,
  ) {}

  /** Direct creation: the product with an open-to-all target (idempotent when a key is given). */
  async create(input: ParsedProductInput, idempotencyKey?: string): Promise<Product> {
    const product = await runIdempotent(
      this.db,
      { command: 'product.create', key: idempotencyKey, request: input },
      (trx) => this.insert(trx, input, OPEN_TO_ALL),
    );
    this.relay.nudge();
    return product;
  }

  /** The product and its target in one transaction; a retry with the same key gets the first reply. */
  async createWithTarget(
    request: { product: ParsedProductInput; target: ParsedAudienceTarget },
    idempotencyKey: string | undefined,
  ): Promise<Product> {
    if (idempotencyKey === undefined) throw idempotencyKeyRequired();
    const product = await runIdempotent(
      this.db,
      { command: 'product.createWithTarget', key: idempotencyKey, request },
      (trx) => this.insert(trx, request.product, request.target),
    );
    this.relay.nudge();
    return product;
  }

  async get(id: string): Promise<Product> {
    const [row, target] = await Promise.all([
      this.products.findProduct(this.db, id),
      this.products.findTarget(this.db, id),
    ]);
    if (!row || !target) throw productNotFound(id);
    return toProduct(row, target);
  }

  async list(query: ListProductsQuery): Promise<PaginatedResponse<Product>> {
    const { rows, total } = await this.products.list(this.db, query);
    const targets = await this.products.findTargets(
      this.db,
      rows.map((row) => row.id),
    );
    const byProduct = new Map(targets.map((target) => [target.product_id, target]));
    const data = rows.flatMap((row) => {
      const target = byProduct.get(row.id);
      // a product deleted between the two reads is left out (the FK cascades its target)
      return target ? [toProduct(row, target)] : [];
    });
    return { data, meta: paginationMetadata(query.page, query.limit, total) };
  }

  /** Replaces the whole target; announces it only when a criterion actually changed. */
  async replaceTarget(productId: string, target: ParsedAudienceTarget): Promise<Product> {
    const { product, changed } = await this.db.transaction().execute(async (trx) => {
      const current = await this.products.findTargetForUpdate(trx, productId);
      const row = await this.products.findProduct(trx, productId);
      if (!current || !row) throw productNotFound(productId);
      if (sameCriteria(current, criteriaColumns(target))) {
        return { product: toProduct(row, current), changed: false };
      }
      const next = await this.products.updateTarget(trx, productId, target);
      await Outbox.add(trx, productTargetReplaced, {
        productId,
        targetId: next.id,
        productCode: row.code,
        target: targetCriteria(next),
        occurredAt: next.updated_at.toISOString(),
      });
      return { product: toProduct(row, next), changed: true };
    });
    if (changed) this.relay.nudge();
    return product;
  }

  async listCodes(after: string | null, limit: number) {
    const codes = await this.products.listCodes(this.db, after, limit);
    return { codes, next: codes.length === limit ? (codes.at(-1) ?? null) : null };
  }

  async codeExists(code: string): Promise<{ exists: boolean; productId: string | null }> {
    const productId = (await this.products.findIdByCode(this.db, code)) ?? null;
    return { exists: productId !== null, productId };
  }

  private async insert(
    trx: Db,
    input: ParsedProductInput,
    target: ParsedAudienceTarget,
  ): Promise<Product> {
    const row = await this.insertProduct(trx, input);
    const targetRow = await this.products.insertTarget(trx, row.id, target);
    await Outbox.add(trx, productCreated, {
      productId: row.id,
      targetId: targetRow.id,
      productCode: row.code,
      productName: row.name,
      productCategory: row.category,
      productStatus: row.status,
      productYear: row.year,
      target: targetCriteria(targetRow),
      occurredAt: row.created_at.toISOString(),
    });
    return toProduct(row, targetRow);
  }

  private async insertProduct(trx: Db, input: ParsedProductInput): Promise<ProductRow> {
    try {
      return await this.products.insertProduct(trx, {
        code: input.productCode,
        name: input.productName,
        description: input.productDescription ?? null,
        category: input.productCategory,
        status: input.productStatus,
        gl_code: input.productGlCode,
        general_price: input.generalPrice,
        ot_stu_price: input.otStuPrice ?? null,
        inventory: input.inventory ?? null,
        taxes: input.taxes,
        shipping: input.shipping,
        year: input.productYear,
        active_membership_only: input.activeMembershipOnly,
        post_purchase_info: input.postPurchaseInfo ?? null,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'products_code_upper_key'))
        throw productCodeTaken(input.productCode);
      throw error;
    }
  }
}
