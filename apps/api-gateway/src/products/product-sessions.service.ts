import { Injectable } from '@nestjs/common';
import {
  productSessionRpc,
  type JwtClaims,
  type ParsedAudienceTarget,
  type ParsedProductInput,
  type ProductSessionCaller,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';

/** A commit may try the product service 3 times with backoff, each under its own deadline. */
const COMMIT_TIMEOUT_MS = 30_000;

/** The product session routes, answered by the orchestrator's session workflow. */
@Injectable()
export class ProductSessionsService {
  constructor(private readonly rpc: RpcClient) {}

  create(claims: JwtClaims) {
    return this.rpc.call(productSessionRpc.create, { caller: callerOf(claims) });
  }

  addProduct(claims: JwtClaims, sessionId: string, product: ParsedProductInput) {
    return this.rpc.call(productSessionRpc.addProduct, {
      caller: callerOf(claims),
      sessionId,
      product,
    });
  }

  configureTarget(claims: JwtClaims, sessionId: string, target: ParsedAudienceTarget) {
    return this.rpc.call(productSessionRpc.configureTarget, {
      caller: callerOf(claims),
      sessionId,
      target,
    });
  }

  commit(claims: JwtClaims, sessionId: string) {
    // Not retried here: the orchestrator retries the creation itself, under the session's key.
    return this.rpc.call(
      productSessionRpc.commit,
      { caller: callerOf(claims), sessionId },
      { timeoutMs: COMMIT_TIMEOUT_MS, retries: 0 },
    );
  }

  progress(claims: JwtClaims, sessionId: string) {
    return this.rpc.call(productSessionRpc.progress, { caller: callerOf(claims), sessionId });
  }
}

function callerOf(claims: JwtClaims): ProductSessionCaller {
  return { userId: claims.sub, organizationGuid: claims.org ?? null };
}
