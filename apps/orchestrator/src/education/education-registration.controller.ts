import { Controller } from '@nestjs/common';
import { educationRegistrationRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { EducationRegistrationService } from './education-registration.service';
import { RegistrationListService } from './registration-list.service';
import { RegistrationRunService } from './registration-run.service';

type Req<K extends keyof typeof educationRegistrationRpc> = RpcRequestParsed<
  (typeof educationRegistrationRpc)[K]
>;

@Controller()
export class EducationRegistrationController {
  constructor(
    private readonly registrations: EducationRegistrationService,
    private readonly runs: RegistrationRunService,
    private readonly lists: RegistrationListService,
  ) {}

  @RpcHandler(educationRegistrationRpc.stage)
  stage({ caller, ...request }: Req<'stage'>) {
    return this.registrations.stage(caller, request);
  }

  @RpcHandler(educationRegistrationRpc.validate)
  validate({ id, caller }: Req<'validate'>) {
    return this.registrations.validate(id, caller);
  }

  @RpcHandler(educationRegistrationRpc.category)
  category({ id, caller }: Req<'category'>) {
    return this.registrations.category(id, caller);
  }

  @RpcHandler(educationRegistrationRpc.linkAccount)
  linkAccount({ id, accountId, caller }: Req<'linkAccount'>) {
    return this.registrations.linkAccount(id, accountId, caller);
  }

  @RpcHandler(educationRegistrationRpc.create)
  create({ id, caller }: Req<'create'>) {
    return this.registrations.create(id, caller);
  }

  @RpcHandler(educationRegistrationRpc.complete)
  complete({ id, caller }: Req<'complete'>) {
    return this.registrations.complete(id, caller);
  }

  @RpcHandler(educationRegistrationRpc.get)
  get({ id, caller }: Req<'get'>) {
    return this.registrations.get(id, caller);
  }

  @RpcHandler(educationRegistrationRpc.audit)
  audit({ id, caller, page, limit }: Req<'audit'>) {
    return this.registrations.trail(id, caller, { page, limit });
  }

  @RpcHandler(educationRegistrationRpc.list)
  list({ caller, ...query }: Req<'list'>) {
    return this.lists.list(caller, query);
  }

  @RpcHandler(educationRegistrationRpc.run)
  run(request: Req<'run'>) {
    return this.runs.run(request);
  }
}
