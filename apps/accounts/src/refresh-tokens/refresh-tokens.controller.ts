import { Controller } from '@nestjs/common';
import { refreshTokenRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { RefreshTokensService } from './refresh-tokens.service';

type Req<K extends keyof typeof refreshTokenRpc> = RpcRequestParsed<(typeof refreshTokenRpc)[K]>;

@Controller()
export class RefreshTokensController {
  constructor(private readonly refreshTokens: RefreshTokensService) {}

  @RpcHandler(refreshTokenRpc.issue)
  issue({ accountId, tokenVersion, lifetime }: Req<'issue'>) {
    return this.refreshTokens.issue(accountId, tokenVersion, lifetime);
  }

  @RpcHandler(refreshTokenRpc.rotate)
  rotate({ token }: Req<'rotate'>) {
    return this.refreshTokens.rotate(token);
  }

  @RpcHandler(refreshTokenRpc.revokeAll)
  revokeAll({ accountId }: Req<'revokeAll'>) {
    return this.refreshTokens.revokeAll(accountId);
  }
}
