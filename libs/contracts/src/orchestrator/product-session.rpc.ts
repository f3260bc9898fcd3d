import { z } from 'zod';
import { defineRpc } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';
import { AudienceTarget, ProductInput } from '../product/product.rpc';

/** The product session's states; `failed` sessions can be fixed and committed again. */
export const ProductSessionState = z.enum([
  'initiated',
  'product-added',
  'target-configured',
  'committed',
  'failed',
]);
export type ProductSessionState = z.infer<typeof ProductSessionState>;

/** Any non-empty id: an id that was never issued answers 404 like an expired one. */
export const ProductSessionId = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

/** Who calls, from the gateway's verified token; only the creating user reaches a session. */
export const ProductSessionCaller = z
  .object({ userId: z.string().min(1), organizationGuid: z.string().nullable() })
  .strict();
export type ProductSessionCaller = z.infer<typeof ProductSessionCaller>;

/** The staged product as replies show it: the submitted fields, amounts as JSON numbers. */
export const StagedProduct = z.object({
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
});
export type StagedProduct = z.infer<typeof StagedProduct>;

/** The staged target: each criterion's values, or null for open to all. */
export const StagedTarget = z.object({
  osot_location_province: z.array(z.number().int()).nullable(),
  osot_registration_class: z.array(z.number().int()).nullable(),
  osot_practice_area: z.array(z.number().int()).nullable(),
  osot_years_in_practice: z.array(z.number().int()).nullable(),
  osot_employment_status: z.array(z.number().int()).nullable(),
  osot_employment_sector: z.array(z.number().int()).nullable(),
});

export const ProductSessionCreated = z.object({
  sessionId: z.string(),
  state: z.literal('initiated'),
  userId: z.string(),
  organizationGuid: z.string().nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});

/** The reply of a step: the session as it now stands. */
export const ProductSessionView = z.object({
  sessionId: z.string(),
  state: ProductSessionState,
  product: StagedProduct.nullable(),
  audienceTarget: StagedTarget.nullable(),
  /** bumped by every change of the session */
  version: z.number().int().min(1),
  updatedAt: Timestamp,
  expiresAt: Timestamp,
});

export const ProductSessionProgress = z.object({
  sessionId: z.string(),
  state: ProductSessionState,
  /** 25 initiated, 50 with a product, 75 with a target too, 100 committed */
  percentage: z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)]),
  canCommit: z.boolean(),
  hasProduct: z.boolean(),
  hasTarget: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  expiresAt: Timestamp,
  secondsRemaining: z.number().int().min(0),
  version: z.number().int().min(1),
  /** set once committed */
  productGuid: Uuid.nullable(),
  /** why the last commit failed, while the session is `failed` */
  lastError: z
    .object({ statusCode: z.number().int(), message: z.string(), errors: z.array(z.string()) })
    .nullable(),
});

export const ProductCommitSucceeded = z.object({
  success: z.literal(true),
  productGuid: Uuid,
  targetGuid: Uuid,
  productCode: z.string(),
  operationId: z.string(),
});
export type ProductCommitSucceeded = z.infer<typeof ProductCommitSucceeded>;

/** A commit that did not create the product; the session is `failed` and can be fixed. */
export const ProductCommitFailed = z.object({
  statusCode: z.number().int().min(400).max(599),
  message: z.string(),
  success: z.literal(false),
  errors: z.array(z.string()),
  operationId: z.string(),
});
export type ProductCommitFailed = z.infer<typeof ProductCommitFailed>;

/** A failed commit is an answer of the workflow, not a transport error: the gateway sends its statusCode. */
export const ProductCommitResult = z.discriminatedUnion('success', [
  ProductCommitSucceeded,
  ProductCommitFailed,
]);
export type ProductCommitResult = z.infer<typeof ProductCommitResult>;

const sessionRequest = z.object({ caller: ProductSessionCaller, sessionId: ProductSessionId });

export const productSessionRpc = {
  create: defineRpc('orchestrator.productSession.create', {
    request: z.object({ caller: ProductSessionCaller }).strict(),
    response: ProductSessionCreated,
  }),
  /** Validates the product fully and checks its code is free; repeatable until committed. */
  addProduct: defineRpc('orchestrator.productSession.addProduct', {
    request: sessionRequest.extend({ product: ProductInput }).strict(),
    response: ProductSessionView,
  }),
  /** Optional and repeatable; refused (400) before a product is staged. */
  configureTarget: defineRpc('orchestrator.productSession.configureTarget', {
    request: sessionRequest.extend({ target: AudienceTarget }).strict(),
    response: ProductSessionView,
  }),
  /** Creates product and target in one call (idempotency key `session:<id>:commit`). */
  commit: defineRpc('orchestrator.productSession.commit', {
    request: sessionRequest.strict(),
    response: ProductCommitResult,
  }),
  progress: defineRpc('orchestrator.productSession.progress', {
    request: sessionRequest.strict(),
    response: ProductSessionProgress,
  }),
};

/** `/private/products/orchestrate/session/:id/...` */
export const ProductSessionParams = z.object({ id: ProductSessionId }).strict();
export type ProductSessionParams = z.infer<typeof ProductSessionParams>;

/** Error codes of the workflow (besides libs/session's SESSION_* codes). */
export const ProductSessionErrorCode = {
  ProductRequired: 'PRODUCT_REQUIRED',
} as const;
