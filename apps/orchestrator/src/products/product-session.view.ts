import {
  amountToNumber,
  type ProductCommitSucceeded,
  type ProductSessionProgress,
  type ProductSessionView,
  type StagedProduct,
} from '@medicalink/contracts';
import type { z } from 'zod';
import type { CommittedSession } from './product-session-commits';
import type { ProductSessionData, ProductSessionRecord } from './product-session.workflow';

type StoredProduct = NonNullable<ProductSessionData['product']>;

/** The staged product as replies show it: amounts back to JSON numbers, absent fields null. */
export function stagedProduct(product: StoredProduct): StagedProduct {
  return {
    productCode: product.productCode,
    productName: product.productName,
    productDescription: product.productDescription ?? null,
    productCategory: product.productCategory,
    productStatus: product.productStatus,
    productGlCode: product.productGlCode,
    generalPrice: amountToNumber(product.generalPrice),
    otStuPrice:
      product.otStuPrice === null || product.otStuPrice === undefined
        ? null
        : amountToNumber(product.otStuPrice),
    inventory: product.inventory ?? null,
    taxes: amountToNumber(product.taxes),
    shipping: amountToNumber(product.shipping),
    productYear: product.productYear,
    activeMembershipOnly: product.activeMembershipOnly,
    postPurchaseInfo: product.postPurchaseInfo ?? null,
  };
}

export function sessionView(record: ProductSessionRecord): z.input<typeof ProductSessionView> {
  return {
    sessionId: record.id,
    state: record.state,
    product: record.data.product ? stagedProduct(record.data.product) : null,
    audienceTarget: record.data.audienceTarget,
    version: record.version,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
  };
}

export function sessionProgress(
  record: ProductSessionRecord,
  now = Date.now(),
): z.input<typeof ProductSessionProgress> {
  const hasProduct = record.data.product !== null;
  const hasTarget = record.data.audienceTarget !== null;
  const committed = record.state === 'committed';
  return {
    sessionId: record.id,
    state: record.state,
    percentage: committed ? 100 : hasTarget ? 75 : hasProduct ? 50 : 25,
    canCommit: hasProduct && !committed,
    hasProduct,
    hasTarget,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
    secondsRemaining: Math.max(0, Math.floor((Date.parse(record.expiresAt) - now) / 1000)),
    version: record.version,
    productGuid: record.data.committed?.productGuid ?? null,
    lastError: record.state === 'failed' ? record.data.lastError : null,
  };
}

export function commitSucceeded(
  committed: NonNullable<ProductSessionData['committed']>,
): ProductCommitSucceeded {
  return { success: true, ...committed };
}

/** The progress of a committed session whose draft is gone: committed, nothing left to run. */
export function committedProgress(
  committed: CommittedSession,
): z.input<typeof ProductSessionProgress> {
  const committedAt = committed.committedAt.toISOString();
  return {
    sessionId: committed.sessionId,
    state: 'committed',
    percentage: 100,
    canCommit: false,
    hasProduct: true,
    hasTarget: committed.hasTarget,
    createdAt: committed.createdAt.toISOString(),
    updatedAt: committedAt,
    expiresAt: committedAt,
    secondsRemaining: 0,
    version: committed.version,
    productGuid: committed.product.id,
    lastError: null,
  };
}

export const committedOutcome = (committed: CommittedSession) =>
  commitSucceeded({
    productGuid: committed.product.id,
    targetGuid: committed.product.target.id,
    productCode: committed.product.productCode,
    operationId: committed.operationId,
  });
