import { Controller } from '@nestjs/common';
import { hospitalRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { HospitalsService } from './hospitals.service';

@Controller()
export class HospitalsController {
  constructor(private readonly hospitals: HospitalsService) {}

  @RpcHandler(hospitalRpc.create)
  create({ name, city }: RpcRequestParsed<typeof hospitalRpc.create>) {
    return this.hospitals.create(name, city);
  }

  @RpcHandler(hospitalRpc.list)
  async list() {
    return { hospitals: await this.hospitals.list() };
  }
}
