import { Controller } from '@nestjs/common';
import { hospitalRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { HospitalsService } from './hospitals.service';

type Req<K extends keyof typeof hospitalRpc> = RpcRequestParsed<(typeof hospitalRpc)[K]>;

@Controller()
export class HospitalsController {
  constructor(private readonly hospitals: HospitalsService) {}

  @RpcHandler(hospitalRpc.create)
  create(request: Req<'create'>, context: AmqpMessageContext) {
    return this.hospitals.create(request, context.idempotencyKey);
  }

  @RpcHandler(hospitalRpc.get)
  get({ id }: Req<'get'>) {
    return this.hospitals.get(id);
  }

  @RpcHandler(hospitalRpc.list)
  async list() {
    return { hospitals: await this.hospitals.list() };
  }

  @RpcHandler(hospitalRpc.page)
  page({ page, limit }: Req<'page'>) {
    return this.hospitals.page(page, limit);
  }
}
