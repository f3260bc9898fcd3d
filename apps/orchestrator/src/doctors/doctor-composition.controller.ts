import { Controller } from '@nestjs/common';
import { doctorCompositeRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { DoctorCompositionService } from './doctor-composition.service';

type Req<K extends keyof typeof doctorCompositeRpc> = RpcRequestParsed<
  (typeof doctorCompositeRpc)[K]
>;

@Controller()
export class DoctorCompositionController {
  constructor(private readonly composition: DoctorCompositionService) {}

  @RpcHandler(doctorCompositeRpc.getComposite)
  async getComposite({ id, bypassCache }: Req<'getComposite'>) {
    const { value, cache } = await this.composition.getComposite(id, bypassCache);
    return { data: value, cache };
  }

  @RpcHandler(doctorCompositeRpc.searchComposite)
  async searchComposite({ bypassCache, ...query }: Req<'searchComposite'>) {
    const { value, cache } = await this.composition.searchComposite(query, bypassCache);
    return { ...value, cache };
  }

  @RpcHandler(doctorCompositeRpc.getManyComposite)
  async getManyComposite({ ids, bypassCache }: Req<'getManyComposite'>) {
    const { value, cache } = await this.composition.getManyComposite(ids, bypassCache);
    return { data: value, cache };
  }

  @RpcHandler(doctorCompositeRpc.updateDoctor)
  async updateDoctor(request: Req<'updateDoctor'>) {
    return { data: await this.composition.updateDoctor(request) };
  }

  @RpcHandler(doctorCompositeRpc.updateAccount)
  updateAccount(request: Req<'updateAccount'>) {
    return this.composition.updateAccount(request);
  }
}
