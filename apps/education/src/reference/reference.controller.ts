import { Controller } from '@nestjs/common';
import { referenceRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { ReferenceService } from './reference.service';

type Req<K extends keyof typeof referenceRpc> = RpcRequestParsed<(typeof referenceRpc)[K]>;

@Controller()
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @RpcHandler(referenceRpc.countries)
  countries() {
    return this.reference.countries();
  }

  @RpcHandler(referenceRpc.universities)
  async universities({ country }: Req<'universities'>) {
    return { universities: await this.reference.universities(country) };
  }

  @RpcHandler(referenceRpc.colleges)
  async colleges({ country, search }: Req<'colleges'>) {
    return { colleges: await this.reference.colleges(country, search) };
  }
}
