import { Controller } from '@nestjs/common';
import { authRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { AuthService } from './auth.service';

type Req<K extends keyof typeof authRpc> = RpcRequestParsed<(typeof authRpc)[K]>;

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @RpcHandler(authRpc.verify)
  verify({ email, password }: Req<'verify'>) {
    return this.auth.verify(email, password);
  }

  @RpcHandler(authRpc.changePassword)
  changePassword({ accountId, currentPassword, newPassword }: Req<'changePassword'>) {
    return this.auth.changePassword(accountId, currentPassword, newPassword);
  }

  @RpcHandler(authRpc.tokenState)
  async tokenState({ accountId }: Req<'tokenState'>) {
    return { state: await this.auth.tokenState(accountId) };
  }
}
