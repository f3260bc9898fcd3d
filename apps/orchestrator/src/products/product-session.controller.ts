import { Controller } from '@nestjs/common';
import { productSessionRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { ProductSessionService } from './product-session.service';

type Req<K extends keyof typeof productSessionRpc> = RpcRequestParsed<
  (typeof productSessionRpc)[K]
>;

@Controller()
export class ProductSessionController {
  constructor(private readonly sessions: ProductSessionService) {}

  @RpcHandler(productSessionRpc.create)
  create({ caller }: Req<'create'>) {
    return this.sessions.create(caller);
  }

  @RpcHandler(productSessionRpc.addProduct)
  addProduct({ caller, sessionId, product }: Req<'addProduct'>) {
    return this.sessions.addProduct(caller, sessionId, product);
  }

  @RpcHandler(productSessionRpc.configureTarget)
  configureTarget({ caller, sessionId, target }: Req<'configureTarget'>) {
    return this.sessions.configureTarget(caller, sessionId, target);
  }

  @RpcHandler(productSessionRpc.commit)
  commit({ caller, sessionId }: Req<'commit'>) {
    return this.sessions.commit(caller, sessionId);
  }

  @RpcHandler(productSessionRpc.progress)
  progress({ caller, sessionId }: Req<'progress'>) {
    return this.sessions.progress(caller, sessionId);
  }
}
