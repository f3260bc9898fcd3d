import { randomUUID } from 'node:crypto';
import {
  productSessionRpc,
  type ProductSessionCaller,
  type RpcRequest,
} from '@medicalink/contracts';
import { seedProductBody, type TestClient } from '@medicalink/testing';

/** A complete product request body (every field set) with a unique product code. */
export const productBody = seedProductBody;

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
