import { randomUUID } from 'node:crypto';
import {
  productSessionRpc,
  type ProductSessionCaller,
  type RpcRequest,
} from '@medicalink/contracts';
import type { TestClient } from '@medicalink/testing';

let counter = 0;

/** Seed 001's request body with a unique product code. */
export function productBody(overrides: Record<string, unknown> = {}) {
  return {
    productCode: `OSOT-${randomUUID().slice(0, 8)}-${(counter += 1)}`.toUpperCase(),
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

export const caller = (userId = randomUUID()): ProductSessionCaller => ({
  userId,
  organizationGuid: null,
});

/** The product session RPCs for one caller. */
export function productSessions(client: TestClient, who: ProductSessionCaller) {
  const call = client.rpc;
  return {
    create: () => call.call(productSessionRpc.create, { caller: who }),
    addProduct: (
      sessionId: string,
      product: RpcRequest<typeof productSessionRpc.addProduct>['product'],
    ) => call.call(productSessionRpc.addProduct, { caller: who, sessionId, product }),
    configureTarget: (
      sessionId: string,
      target: RpcRequest<typeof productSessionRpc.configureTarget>['target'],
    ) => call.call(productSessionRpc.configureTarget, { caller: who, sessionId, target }),
    commit: (sessionId: string) =>
      call.call(productSessionRpc.commit, { caller: who, sessionId }, { timeoutMs: 30_000 }),
    progress: (sessionId: string) =>
      call.call(productSessionRpc.progress, { caller: who, sessionId }),
  };
}
