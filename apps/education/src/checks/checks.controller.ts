import { Controller } from '@nestjs/common';
import { checksRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { ChecksService } from './checks.service';

type Req<K extends keyof typeof checksRpc> = RpcRequestParsed<(typeof checksRpc)[K]>;

@Controller()
export class ChecksController {
  constructor(private readonly checks: ChecksService) {}

  @RpcHandler(checksRpc.collegeCountry)
  collegeCountry({ college, country }: Req<'collegeCountry'>) {
    return this.checks.collegeCountry(college, country);
  }

  @RpcHandler(checksRpc.universityCountry)
  universityCountry({ university, country }: Req<'universityCountry'>) {
    return this.checks.universityCountry(university, country);
  }

  @RpcHandler(checksRpc.userBusinessId)
  userBusinessId({ userBusinessId }: Req<'userBusinessId'>) {
    return this.checks.userBusinessId(userBusinessId);
  }

  @RpcHandler(checksRpc.validate)
  validate(request: Req<'validate'>) {
    return this.checks.validate(request);
  }

  @RpcHandler(checksRpc.category)
  category(request: Req<'category'>) {
    return this.checks.category(request);
  }
}
