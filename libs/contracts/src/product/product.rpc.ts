import { z } from 'zod';
import { defineRpc } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';
import { PaginatedResponse, PaginationQuery } from '../common/pagination';
import { decimalAmount, requiredOr } from './product.fields';
import { ProductOptions } from './product-options';

/** 3..40 characters of A-Z, 0-9 and -; lower case is accepted and stored upper case. */
export const ProductCode = z
  .string({ error: requiredOr('must be a string') })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{3,40}$/, 'must be 3 to 40 characters of A-Z, 0-9 and -');

/** 0..999999.99, at most 2 decimals: a JSON number in, a canonical decimal string out. */
export const Price = decimalAmount({ max: '999999.99', scale: 2 });
/** A percentage 0..100 with at most 3 decimals (Quebec's QST is 9.975 %). */
export const TaxRate = decimalAmount({ max: '100', scale: 3 });

/** A choice value (Dataverse option sets are non-negative 32-bit integers). */
const ChoiceValue = z
  .number({ error: requiredOr('must be an integer') })
  .int('must be an integer')
  .min(0, 'must be at least 0')
  .max(2_147_483_647, 'must be at most 2147483647');

const LongText = z
  .string({ error: 'must be a string' })
  .trim()
  .max(4_000, 'must be at most 4000 characters');

const YEAR_PROBLEM = 'must be a year from 1900 to 2100 as a 4-digit string, like "2026"';
/** A 4-digit year as text, like `"2026"`. */
export const ProductYear = z
  .string({ error: requiredOr(YEAR_PROBLEM) })
  .trim()
  .regex(/^(19\d\d|20\d\d|2100)$/, YEAR_PROBLEM);

/**
 * A product as submitted, every field of the product request body. Both the direct creation
 * and the orchestrator's session workflow validate with this schema (`safeParse` lists every
 * problem, each with its field as `path`). Parsed prices and tax rate are decimal strings.
 */
export const ProductInput = z
  .object({
    productCode: ProductCode,
    productName: z
      .string({ error: requiredOr('must be a string') })
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters'),
    productDescription: LongText.nullish(),
    productCategory: ChoiceValue,
    productStatus: ChoiceValue,
    productGlCode: ChoiceValue,
    generalPrice: Price,
    /** the price for OT students; null when they pay the general price */
    otStuPrice: Price.nullish(),
    /** units in stock; null when stock is not tracked */
    inventory: z
      .number({ error: 'must be an integer' })
      .int('must be an integer')
      .min(0, 'must be at least 0')
      .max(2_147_483_647, 'must be at most 2147483647')
      .nullish(),
    taxes: TaxRate.prefault(0),
    shipping: Price.prefault(0),
    productYear: ProductYear,
    activeMembershipOnly: z.boolean({ error: 'must be true or false' }).default(false),
    postPurchaseInfo: LongText.nullish(),
  })
  .strict();
export type ProductInput = z.input<typeof ProductInput>;
export type ParsedProductInput = z.output<typeof ProductInput>;

/** The six audience criteria, under the Dataverse field names the membership data uses. */
export const TARGET_CRITERIA = [
  'osot_location_province',
  'osot_registration_class',
  'osot_practice_area',
  'osot_years_in_practice',
  'osot_employment_status',
  'osot_employment_sector',
] as const;
export type TargetCriterion = (typeof TARGET_CRITERIA)[number];

/**
 * One criterion: the choice values admitted, or null for everyone. An empty array is read
 * as null too (a UI with every chip cleared restricts nothing); values are de-duplicated
 * and sorted, so equal targets are stored equal.
 */
const CriterionValues = z
  .array(ChoiceValue, { error: 'must be an array of integers or null' })
  .max(100, 'at most 100 values')
  .nullish()
  .transform((values) =>
    values && values.length > 0 ? [...new Set(values)].sort((a, b) => a - b) : null,
  );

/** Who may see a product; an omitted or null criterion is open to all. */
export const AudienceTarget = z
  .object({
    osot_location_province: CriterionValues,
    osot_registration_class: CriterionValues,
    osot_practice_area: CriterionValues,
    osot_years_in_practice: CriterionValues,
    osot_employment_status: CriterionValues,
    osot_employment_sector: CriterionValues,
  })
  .strict();
export type AudienceTarget = z.input<typeof AudienceTarget>;
export type ParsedAudienceTarget = z.output<typeof AudienceTarget>;

const StoredCriterion = z.array(z.number().int()).nullable();

export const ProductTarget = z.object({
  id: Uuid,
  osot_location_province: StoredCriterion,
  osot_registration_class: StoredCriterion,
  osot_practice_area: StoredCriterion,
  osot_years_in_practice: StoredCriterion,
  osot_employment_status: StoredCriterion,
  osot_employment_sector: StoredCriterion,
  updatedAt: Timestamp,
});
export type ProductTarget = z.infer<typeof ProductTarget>;

/** A stored product with its target. Amounts are JSON numbers, exact to their 2 (taxes 3) decimals. */
export const Product = z.object({
  id: Uuid,
  productCode: z.string(),
  productName: z.string(),
  productDescription: z.string().nullable(),
  productCategory: z.number().int(),
  productStatus: z.number().int(),
  productGlCode: z.number().int(),
  generalPrice: z.number(),
  otStuPrice: z.number().nullable(),
  inventory: z.number().int().nullable(),
  taxes: z.number(),
  shipping: z.number(),
  productYear: z.string(),
  activeMembershipOnly: z.boolean(),
  postPurchaseInfo: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  target: ProductTarget,
});
export type Product = z.infer<typeof Product>;

/** A query parameter given empty (`?year=`) counts as not given. */
const emptyAsMissing = (value: unknown) => (value === '' ? undefined : value);
const queryInt = () =>
  z.preprocess(
    emptyAsMissing,
    z.coerce
      .number({ error: 'must be an integer' })
      .int('must be an integer')
      .min(0, 'must be at least 0')
      .max(2_147_483_647, 'must be at most 2147483647')
      .optional(),
  );

/**
 * A page of products: filters on category, status, year and code/name (`search`), and the
 * audience match: one value per criterion (query-string names), a product matching when its
 * criterion is null (open to all) or contains the value. The gateway's `GET /private/products`
 * query is this same schema.
 */
export const ListProductsQuery = PaginationQuery.extend({
  category: queryInt(),
  status: queryInt(),
  year: z.preprocess(emptyAsMissing, ProductYear.optional()),
  search: z.preprocess(emptyAsMissing, z.string().trim().min(1).max(100).optional()),
  province: queryInt(),
  registrationClass: queryInt(),
  practiceArea: queryInt(),
  yearsInPractice: queryInt(),
  employmentStatus: queryInt(),
  employmentSector: queryInt(),
}).strict();
export type ListProductsQuery = z.output<typeof ListProductsQuery>;

/** Which audience query parameter filters on which criterion. */
export const AUDIENCE_QUERY_CRITERIA = {
  province: 'osot_location_province',
  registrationClass: 'osot_registration_class',
  practiceArea: 'osot_practice_area',
  yearsInPractice: 'osot_years_in_practice',
  employmentStatus: 'osot_employment_status',
  employmentSector: 'osot_employment_sector',
} as const satisfies Record<string, TargetCriterion>;

export const productRpc = {
  /** Direct creation: the product with an open-to-all target. An idempotency key is optional. */
  create: defineRpc('product.product.create', { request: ProductInput, response: Product }),
  /**
   * The product and its target in one transaction. The call must carry an idempotency key
   * (`RpcClient.call(..., { idempotencyKey })`, e.g. `session:<id>:commit`): a retry with the
   * same key and request gets the first reply, a call without one is refused (400).
   */
  createWithTarget: defineRpc('product.product.createWithTarget', {
    request: z.object({ product: ProductInput, target: AudienceTarget.prefault({}) }).strict(),
    response: Product,
  }),
  /**
   * The product the call with this idempotency key created, or null: how the orchestrator
   * learns a session's commit outcome once the session itself is gone from Redis.
   */
  createdBy: defineRpc('product.product.createdBy', {
    request: z.object({ creationKey: z.string().min(1).max(200) }).strict(),
    response: z.object({ product: Product.nullable() }),
  }),
  get: defineRpc('product.product.get', {
    request: z.object({ id: Uuid }).strict(),
    response: Product,
  }),
  list: defineRpc('product.product.list', {
    request: ListProductsQuery,
    response: PaginatedResponse(Product),
  }),
  /** Replaces the whole target: an omitted criterion becomes open to all. */
  replaceTarget: defineRpc('product.target.replace', {
    request: z.object({ productId: Uuid, target: AudienceTarget }).strict(),
    response: Product,
  }),
  /** Whether a product has this code (case-insensitively), and which. */
  codeExists: defineRpc('product.product.codeExists', {
    request: z.object({ productCode: ProductCode }).strict(),
    response: z.object({ exists: z.boolean(), productId: Uuid.nullable() }),
  }),
  /** The option sets of the choice fields with their labels (reference data in PostgreSQL). */
  options: defineRpc('product.options.list', {
    request: z.object({}).strict(),
    response: ProductOptions,
  }),
  /**
   * Every product code (upper case) in code order, a page at a time: pass the previous page's
   * `next` as `after` until it is null. Fills the orchestrator's copy of the taken codes.
   */
  listCodes: defineRpc('product.product.listCodes', {
    request: z
      .object({
        after: z.string().max(40).nullable().default(null),
        limit: z.number().int().min(1).max(10_000).default(5_000),
      })
      .strict(),
    response: z.object({ codes: z.array(z.string()), next: z.string().nullable() }),
  }),
};

export const ProductErrorCode = {
  CodeTaken: 'PRODUCT_CODE_TAKEN',
  NotFound: 'PRODUCT_NOT_FOUND',
  IdempotencyKeyRequired: 'IDEMPOTENCY_KEY_REQUIRED',
} as const;
