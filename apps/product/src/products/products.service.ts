import { Inject, Injectable } from '@nestjs/common';
import {
  AudienceTarget,
  paginationMetadata,
  ProductErrorCode,
  productCreated,
  productTargetReplaced,
  type ListProductsQuery,
  type PaginatedResponse,
  type ParsedAudienceTarget,
  type ParsedProductInput,
  type Product,
  unknownChoices,
} from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { issuesEnvelope, RpcError } from '@medicalink/messaging';
import {
  idempotencyRequestHash,
  isUniqueViolation,
  Outbox,
  OutboxRelay,
  type Kysely,
} from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { ProductDatabase } from '../database/product.schema';
import {
  idempotencyKeyRequired,
  idempotencyKeyReused,
  productCodeTaken,
  productNotFound,
} from './products.errors';
import { OptionSetsService } from '../options/option-sets.service';
import {
  criteriaColumns,
  ProductsRepository,
  sameCriteria,
  targetCriteria,
  toProduct,
  type ProductRow,
} from './products.repository';

type Db = Kysely<ProductDatabase>;

interface CreationKey {
  key: string;
  requestHash: string;
}

/** A unique index refused the product: its code, or its creation key. */
const isDuplicate = (error: unknown) =>
  isUniqueViolation(error) ||
  (error instanceof DomainError && error.code === ProductErrorCode.CodeTaken);

/** Every criterion null: the target of a directly created product. */
const OPEN_TO_ALL: ParsedAudienceTarget = AudienceTarget.parse({});

@Injectable()
export class ProductsService {
  constructor(
    @Inject(DATABASE) private readonly db: Db,
    private readonly products: ProductsRepository,
    private readonly relay: OutboxRelay,
    private readonly optionSets: OptionSetsService,
  ) {}

  /** Direct creation: the product with an open-to-all target (once per key, when one is given). */
  async create(input: ParsedProductInput, idempotencyKey?: string): Promise<Product> {
    return this.createOnce(input, OPEN_TO_ALL, idempotencyKey, input);
  }

  /** The product and its target in one transaction; a retry with the same key gets the product. */
  async createWithTarget(
    request: { product: ParsedProductInput; target: ParsedAudienceTarget },
    idempotencyKey: string | undefined,
  ): Promise<Product> {
    if (idempotencyKey === undefined) throw idempotencyKeyRequired();
    return this.createOnce(request.product, request.target, idempotencyKey, request);
  }

  /** The product the call with this idempotency key created, if any. */
  async createdBy(creationKey: string): Promise<Product | undefined> {
    const row = await this.products.findByCreationKey(this.db, creationKey);
    return row ? this.get(row.id) : undefined;
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
    await this.ensureKnownChoices({ target });
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

  /**
   * Product, target and event in one transaction. A key is stored on the product (unique) with
   * the request's hash: a retry, or a concurrent duplicate once the first commits, fails on the
   * key's or the code's unique index and answers the product the key created (422 for another
   * request under the same key). A creation that rolled back leaves its key unused.
   */
  private async createOnce(
    input: ParsedProductInput,
    target: ParsedAudienceTarget,
    key: string | undefined,
    request: unknown,
  ): Promise<Product> {
    await this.ensureKnownChoices({ product: input, target });
    const creation =
      key === undefined ? undefined : { key, requestHash: idempotencyRequestHash(request) };
    try {
      const product = await this.db
        .transaction()
        .execute((trx) => this.insert(trx, input, target, creation));
      this.relay.nudge();
      return product;
    } catch (error) {
      if (creation === undefined || !isDuplicate(error)) throw error;
      const replayed = await this.createdWith(creation);
      if (!replayed) throw error;
      return replayed;
    }
  }

  private async ensureKnownChoices(subject: Parameters<typeof unknownChoices>[1]): Promise<void> {
    const issues = unknownChoices(await this.optionSets.options(), subject);
    if (issues.length > 0) throw new RpcError(issuesEnvelope(issues, 'Product validation failed'));
  }

  /** The product a key created, if any; refused when the key came with another request. */
  private async createdWith(creation: CreationKey): Promise<Product | undefined> {
    const row = await this.products.findByCreationKey(this.db, creation.key);
    if (!row) return undefined;
    if (row.creation_request_hash !== creation.requestHash) {
      throw idempotencyKeyReused(creation.key);
    }
    return this.get(row.id);
  }

  private async insert(
    trx: Db,
    input: ParsedProductInput,
    target: ParsedAudienceTarget,
    creation: CreationKey | undefined,
  ): Promise<Product> {
    const row = await this.insertProduct(trx, input, creation);
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

  private async insertProduct(
    trx: Db,
    input: ParsedProductInput,
    creation: CreationKey | undefined,
  ): Promise<ProductRow> {
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
        creation_key: creation?.key ?? null,
        creation_request_hash: creation?.requestHash ?? null,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'products_code_upper_key'))
        throw productCodeTaken(input.productCode);
      throw error;
    }
  }
}
