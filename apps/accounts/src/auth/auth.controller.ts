import { Controller } from '@nestjs/common';
import { authRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { AuthService } from './auth.service';

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @RpcHandler(authRpc.verify)
  verify({ email, password }: RpcRequestParsed<typeof authRpc.verify>) {
    return this.auth.verify(email, password);
  }
}
