import { Injectable } from '@nestjs/common';
import {
  productRpc,
  type CreateProductBody,
  type ListProductsHttpQuery,
  type Product,
  type PaginatedResponse,
  type ProductOptions,
  type ReplaceProductTargetBody,
} from '@medicalink/contracts';
import type { JwtClaims } from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import { callerIdempotency } from '../http/caller-idempotency';

/** Direct product routes: each is one product-service call, so no orchestrator in between. */
@Injectable()
export class ProductsService {
  constructor(private readonly rpc: RpcClient) {}

  create(
    caller: JwtClaims,
    body: CreateProductBody,
    idempotencyKey: string | undefined,
  ): Promise<Product> {
    return this.rpc.call(productRpc.create, body, callerIdempotency(caller, idempotencyKey));
  }

  options(): Promise<ProductOptions> {
    return this.rpc.call(productRpc.options, {});
  }

  get(id: string): Promise<Product> {
    return this.rpc.call(productRpc.get, { id });
  }

  list(query: ListProductsHttpQuery): Promise<PaginatedResponse<Product>> {
    return this.rpc.call(productRpc.list, query);
  }

  replaceTarget(productId: string, target: ReplaceProductTargetBody): Promise<Product> {
    return this.rpc.call(productRpc.replaceTarget, { productId, target });
  }
}
