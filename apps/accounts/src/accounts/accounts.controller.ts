import { Controller } from '@nestjs/common';
import { accountRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { AccountsService } from './accounts.service';

type Req<K extends keyof typeof accountRpc> = RpcRequestParsed<(typeof accountRpc)[K]>;

@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @RpcHandler(accountRpc.create)
  create(request: Req<'create'>, context: AmqpMessageContext) {
    return this.accounts.create(request, context.idempotencyKey);
  }

  @RpcHandler(accountRpc.get)
  get({ id }: Req<'get'>) {
    return this.accounts.get(id);
  }

  @RpcHandler(accountRpc.getMany)
  async getMany({ ids }: Req<'getMany'>) {
    return { accounts: await this.accounts.getMany(ids) };
  }

  @RpcHandler(accountRpc.list)
  list(query: Req<'list'>) {
    return this.accounts.list(query);
  }

  @RpcHandler(accountRpc.findByEmail)
  async findByEmail({ email }: Req<'findByEmail'>) {
    return { account: await this.accounts.findByEmail(email) };
  }

  @RpcHandler(accountRpc.findByBusinessId)
  async findByBusinessId({ businessId }: Req<'findByBusinessId'>) {
    return { account: await this.accounts.findByBusinessId(businessId) };
  }

  @RpcHandler(accountRpc.update)
  update(request: Req<'update'>) {
    return this.accounts.update(request);
  }

  @RpcHandler(accountRpc.delete)
  async delete({ id }: Req<'delete'>) {
    return { deleted: await this.accounts.delete(id) };
  }
}
