import { z } from 'zod';
import { AudienceTarget, ProductInput, Uuid } from '@medicalink/contracts';
import { defineSessionWorkflow, type SessionRecord } from '@medicalink/session';

/** What a product session holds while the user works through the steps. */
export const ProductSessionData = z.object({
  organizationGuid: z.string().nullable(),
  /** parsed: code upper case, amounts as exact decimal strings */
  product: ProductInput.nullable(),
  audienceTarget: AudienceTarget.nullable(),
  /** the reply of the successful commit, given again to a repeated commit */
  committed: z
    .object({
      productGuid: Uuid,
      targetGuid: Uuid,
      productCode: z.string(),
      operationId: z.string(),
    })
    .nullable(),
  /** why the last commit failed, while the session is `failed` */
  lastError: z
    .object({ statusCode: z.number().int(), message: z.string(), errors: z.array(z.string()) })
    .nullable(),
});
export type ProductSessionData = z.output<typeof ProductSessionData>;

/**
 * initiated -> product-added -> (target-configured) -> committed, or failed. A product step
 * after a target keeps the target (`reviseProduct`); a failed session takes new product data
 * or a new target and can be committed again. Steps needing a product first answer 400 from
 * `initiated`; anything on a committed session is a 409.
 */
export const productSessionWorkflow = defineSessionWorkflow({
  name: 'product',
  states: ['initiated', 'product-added', 'target-configured', 'committed', 'failed'],
  initial: 'initiated',
  data: ProductSessionData,
  transitions: {
    addProduct: { from: ['initiated', 'product-added', 'failed'], to: 'product-added' },
    reviseProduct: { from: ['target-configured', 'failed'], to: 'target-configured' },
    configureTarget: {
      from: ['product-added', 'target-configured', 'failed'],
      to: 'target-configured',
      refusedStatus: { initiated: 400 },
    },
    commit: {
      from: ['product-added', 'target-configured', 'failed'],
      to: 'committed',
      refusedStatus: { initiated: 400 },
    },
    fail: { from: ['product-added', 'target-configured', 'failed'], to: 'failed' },
  },
});

export type ProductSessionRecord = SessionRecord<
  (typeof productSessionWorkflow.states)[number],
  ProductSessionData
>;
export type ProductSessionAction = keyof typeof productSessionWorkflow.transitions;
