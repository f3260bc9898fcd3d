import { Controller } from '@nestjs/common';
import { permissionsRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { PermissionsService } from './permissions.service';

type Req = RpcRequestParsed<typeof permissionsRpc.assign>;

@Controller()
export class PermissionsController {
  constructor(private readonly permissions: PermissionsService) {}

  @RpcHandler(permissionsRpc.assign)
  assign({ accountId, permissions }: Req) {
    return this.permissions.assign(accountId, permissions);
  }

  @RpcHandler(permissionsRpc.revoke)
  revoke({ accountId, permissions }: Req) {
    return this.permissions.revoke(accountId, permissions);
  }
}
