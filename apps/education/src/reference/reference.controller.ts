import { Controller } from '@nestjs/common';
import { referenceRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { ReferenceService } from './reference.service';

type Req<K extends keyof typeof referenceRpc> = RpcRequestParsed<(typeof referenceRpc)[K]>;

@Controller()
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @RpcHandler(referenceRpc.countries)
  countries(query: Req<'countries'>) {
    return this.reference.countries(query);
  }

  @RpcHandler(referenceRpc.universities)
  universities({ country, ...query }: Req<'universities'>) {
    return this.reference.universities(country, query);
  }

  @RpcHandler(referenceRpc.colleges)
  colleges({ country, search, ...query }: Req<'colleges'>) {
    return this.reference.colleges(country, search, query);
  }
}
