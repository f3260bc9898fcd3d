import { HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { APP_CONFIG } from '@medicalink/runtime';
import {
  AccountsErrorCode,
  accountRpc,
  authRpc,
  refreshTokenRpc,
  type Account,
  type AuthenticatedAccount,
  type ChangePasswordBody,
  type IssuedRefreshToken,
  type JwtClaims,
  type LoginBody,
  type LoginResponse,
} from '@medicalink/contracts';
import { RpcClient, RpcError } from '@medicalink/messaging';
import type { GatewayEnv } from '../config';
import { HttpExceptionWithHeaders } from '../http/http-exception-with-headers';
import { signJwt } from './jwt';
import { LoginRateLimiter } from './login-rate-limiter';
import { TokenStates } from './token-states';

/** The one answer to every failed login, so it never tells which emails exist. */
export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';
export const TOO_MANY_ATTEMPTS_MESSAGE = 'Too many login attempts, try again later';

const CREDENTIAL_FAILURES: ReadonlySet<string> = new Set([
  AccountsErrorCode.InvalidCredentials,
  AccountsErrorCode.NotFound,
]);

/** A sign-in's tokens: the access token, and a refresh token when one was asked for. */
export interface SignedIn {
  access: LoginResponse;
  refresh?: IssuedRefreshToken;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly limiter: LoginRateLimiter,
    private readonly states: TokenStates,
    @Inject(APP_CONFIG)
    private readonly env: Pick<GatewayEnv, 'JWT_SECRET' | 'JWT_EXPIRES_IN_SEC'>,
  ) {}

  /** Checks the credentials; with `refresh` also starts a sign-in that /auth/refresh renews. */
  async login(body: LoginBody, clientIp: string): Promise<SignedIn> {
    const credentials = { email: body.email, password: body.password };
    await this.admit(clientIp, credentials.email);
    const account = await this.counted(clientIp, credentials.email, () => this.verify(credentials));
    const access = this.tokenFor(account);
    if (!body.refresh) return { access };
    const refresh = await this.rpc.call(refreshTokenRpc.issue, {
      accountId: account.id,
      tokenVersion: account.tokenVersion,
      lifetime: body.remember ? 'remember' : 'session',
    });
    return { access, refresh };
  }

  /**
   * Exchanges a refresh token for a new access token and the token's successor. Never retried:
   * a second attempt would present a token the first may have used, which revokes the sign-in.
   */
  async refresh(token: string): Promise<Required<SignedIn>> {
    const { account, refreshToken } = await this.rpc.call(
      refreshTokenRpc.rotate,
      { token },
      { retries: 0 },
    );
    return { access: this.tokenFor(account), refresh: refreshToken };
  }

  /** Signs the caller out everywhere: refresh tokens revoked, access tokens refused within seconds. */
  async logout(caller: JwtClaims): Promise<void> {
    await this.rpc.call(refreshTokenRpc.revokeAll, { accountId: caller.sub });
    this.states.forget(caller.sub);
  }

  /**
   * Changes the caller's password; every token issued before stops working (the account's
   * token version goes up) and the reply carries a new one. Wrong current passwords count
   * against the same limits as logins.
   */
  async changePassword(
    caller: JwtClaims,
    body: ChangePasswordBody,
    clientIp: string,
  ): Promise<LoginResponse> {
    await this.admit(clientIp, caller.email);
    const account = await this.counted(clientIp, caller.email, () =>
      this.rpc.call(authRpc.changePassword, {
        accountId: caller.sub,
        currentPassword: body.currentPassword,
        newPassword: body.newPassword,
      }),
    );
    this.states.forget(caller.sub);
    return this.tokenFor(account);
  }

  private async admit(clientIp: string, email: string): Promise<void> {
    const decision = await this.limiter.consume(clientIp, email);
    if (!decision.allowed) {
      throw new HttpExceptionWithHeaders(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_ATTEMPTS_MESSAGE, {
        'Retry-After': String(decision.retryAfterSec),
      });
    }
  }

  /** Only wrong passwords keep their count; a success resets the pair, anything else is given back. */
  private async counted<T>(clientIp: string, email: string, check: () => Promise<T>): Promise<T> {
    try {
      const result = await check();
      await this.limiter.succeeded(clientIp, email);
      return result;
    } catch (error) {
      if (!isWrongPassword(error)) await this.limiter.refund(clientIp, email);
      throw error;
    }
  }

  private tokenFor(account: AuthenticatedAccount): LoginResponse {
    const accessToken = signJwt(
      {
        sub: account.id,
        email: account.email,
        privilege: account.privilege,
        ver: account.tokenVersion,
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

  private async verify(credentials: {
    email: string;
    password: string;
  }): Promise<AuthenticatedAccount> {
    let account: AuthenticatedAccount;
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

function isWrongPassword(error: unknown): boolean {
  if (error instanceof UnauthorizedException) return true;
  return error instanceof RpcError && error.code === AccountsErrorCode.WrongPassword;
}
