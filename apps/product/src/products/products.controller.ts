import { Controller } from '@nestjs/common';
import { productRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { ProductsService } from './products.service';

type Req<K extends keyof typeof productRpc> = RpcRequestParsed<(typeof productRpc)[K]>;

@Controller()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @RpcHandler(productRpc.create)
  create(request: Req<'create'>, context: AmqpMessageContext) {
    return this.products.create(request, context.idempotencyKey);
  }

  @RpcHandler(productRpc.createWithTarget)
  createWithTarget(request: Req<'createWithTarget'>, context: AmqpMessageContext) {
    return this.products.createWithTarget(request, context.idempotencyKey);
  }

  @RpcHandler(productRpc.createdBy)
  async createdBy({ creationKey }: Req<'createdBy'>) {
    return { product: (await this.products.createdBy(creationKey)) ?? null };
  }

  @RpcHandler(productRpc.get)
  get({ id }: Req<'get'>) {
    return this.products.get(id);
  }

  @RpcHandler(productRpc.list)
  list(query: Req<'list'>) {
    return this.products.list(query);
  }

  @RpcHandler(productRpc.replaceTarget)
  replaceTarget({ productId, target }: Req<'replaceTarget'>) {
    return this.products.replaceTarget(productId, target);
  }

  @RpcHandler(productRpc.codeExists)
  codeExists({ productCode }: Req<'codeExists'>) {
    return this.products.codeExists(productCode);
  }

  @RpcHandler(productRpc.listCodes)
  listCodes({ after, limit }: Req<'listCodes'>) {
    return this.products.listCodes(after, limit);
  }
}
