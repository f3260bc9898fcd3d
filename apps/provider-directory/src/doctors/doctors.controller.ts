import { Controller } from '@nestjs/common';
import { doctorRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { DoctorsService } from './doctors.service';

type Req<K extends keyof typeof doctorRpc> = RpcRequestParsed<(typeof doctorRpc)[K]>;

@Controller()
export class DoctorsController {
  constructor(private readonly doctors: DoctorsService) {}

  @RpcHandler(doctorRpc.create)
  create(request: Req<'create'>, context: AmqpMessageContext) {
    return this.doctors.create(request, context.idempotencyKey);
  }

  @RpcHandler(doctorRpc.get)
  get({ id }: Req<'get'>) {
    return this.doctors.get(id);
  }

  @RpcHandler(doctorRpc.getMany)
  async getMany({ ids }: Req<'getMany'>) {
    return { doctors: await this.doctors.getMany(ids) };
  }

  @RpcHandler(doctorRpc.search)
  search(query: Req<'search'>) {
    return this.doctors.search(query);
  }

  @RpcHandler(doctorRpc.update)
  update({ id, fields }: Req<'update'>) {
    return this.doctors.update(id, fields);
  }

  @RpcHandler(doctorRpc.renameAccount)
  async renameAccount({ accountId, displayName, asOf }: Req<'renameAccount'>) {
    return { renamed: await this.doctors.renameAccount(accountId, displayName, new Date(asOf)) };
  }

  @RpcHandler(doctorRpc.delete)
  async delete({ id }: Req<'delete'>) {
    return { deleted: await this.doctors.delete(id) };
  }
}
