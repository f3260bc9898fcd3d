import { HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { APP_CONFIG } from '@medicalink/runtime';
import {
  AccountsErrorCode,
  accountRpc,
  authRpc,
  type Account,
  type JwtClaims,
  type LoginBody,
  type LoginResponse,
} from '@medicalink/contracts';
import { RpcClient, RpcError } from '@medicalink/messaging';
import type { GatewayEnv } from '../config';
import { HttpExceptionWithHeaders } from '../http/http-exception-with-headers';
import { signJwt } from './jwt';
import { LoginRateLimiter } from './login-rate-limiter';

/** The one answer to every failed login, so it never tells which emails exist. */
export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';
export const TOO_MANY_ATTEMPTS_MESSAGE = 'Too many login attempts, try again later';

const CREDENTIAL_FAILURES: ReadonlySet<string> = new Set([
  AccountsErrorCode.InvalidCredentials,
  AccountsErrorCode.NotFound,
]);

@Injectable()
export class AuthService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly limiter: LoginRateLimiter,
    @Inject(APP_CONFIG)
    private readonly env: Pick<GatewayEnv, 'JWT_SECRET' | 'JWT_EXPIRES_IN_SEC'>,
  ) {}

  async login(credentials: LoginBody, clientIp: string): Promise<LoginResponse> {
    const decision = await this.limiter.consume(clientIp, credentials.email);
    if (!decision.allowed) {
      throw new HttpExceptionWithHeaders(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_ATTEMPTS_MESSAGE, {
        'Retry-After': String(decision.retryAfterSec),
      });
    }
    const account = await this.verify(credentials);
    const accessToken = signJwt(
      {
        sub: account.id,
        email: account.email,
        privilege: account.privilege,
        ...(account.organizationId ? { org: account.organizationId } : {}),
      },
      this.env.JWT_SECRET,
      { expiresInSec: this.env.JWT_EXPIRES_IN_SEC },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.env.JWT_EXPIRES_IN_SEC };
  }

  /** The caller's account, as the accounts service has it now (never a password hash). */
  me(caller: JwtClaims): Promise<Account> {
    return this.rpc.call(accountRpc.get, { id: caller.sub });
  }

  private async verify(credentials: LoginBody): Promise<Account> {
    let account: Account;
    try {
      account = await this.rpc.call(authRpc.verify, credentials);
    } catch (error) {
      if (error instanceof RpcError && CREDENTIAL_FAILURES.has(error.code)) {
        throw new UnauthorizedException(INVALID_CREDENTIALS_MESSAGE);
      }
      throw error;
    }
    // A deactivated account gets the same answer as a wrong password.
    if (!account.isActive) throw new UnauthorizedException(INVALID_CREDENTIALS_MESSAGE);
    return account;
  }
}
