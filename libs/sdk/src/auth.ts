import type { Credentials, SdkLogger } from './config.js';
import type { HttpResult, RequestContext, TokenSource } from './http.js';
import { failure, type Failure } from './operation-result.js';
import type { LoginResponse } from './types.js';

type Login = (credentials: Credentials, ctx: RequestContext) => Promise<HttpResult<LoginResponse>>;

/**
 * The client's token: the one configured, or one obtained with the configured credentials
 * (lazily, before the first authenticated call). A 401 on an expired token triggers one new
 * login; concurrent requests share that login instead of each logging in.
 */
export class AuthSession implements TokenSource {
  private token: string | undefined;
  private pendingLogin: Promise<HttpResult<LoginResponse>> | undefined;

  constructor(
    token: string | undefined,
    private credentials: Credentials | undefined,
    private readonly login: Login,
    private readonly logger: SdkLogger | undefined,
  ) {
    this.token = token;
  }

  get currentToken(): string | undefined {
    return this.token;
  }

  /** Replaces the token (a login through the client sets it too). */
  setToken(token: string | undefined): void {
    this.token = token;
  }

  /** Keeps the stored credentials (if any) able to log in after a password change. */
  passwordChanged(password: string): void {
    if (this.credentials) this.credentials = { ...this.credentials, password };
  }

  async current(ctx: RequestContext): Promise<string | undefined | Failure> {
    if (this.token || !this.credentials) return this.token;
    const login = await this.loginOnce(ctx);
    return login.success ? login.data.accessToken : loginFailure(login);
  }

  async renew(
    rejected: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<'renewed' | 'no' | Failure> {
    if (!this.credentials || !isExpiry(rejected, body)) return 'no';
    // Another request may have renewed it meanwhile: use that token rather than log in again.
    if (this.token && this.token !== rejected) return 'renewed';
    this.logger?.info('medicalink: token expired, logging in again', {
      operationId: ctx.operationId,
    });
    this.token = undefined;
    const login = await this.loginOnce(ctx);
    return login.success ? 'renewed' : loginFailure(login);
  }

  /** Logs in with the configured (or given) credentials; concurrent callers share one login. */
  loginOnce(ctx: RequestContext, credentials?: Credentials): Promise<HttpResult<LoginResponse>> {
    if (credentials) this.credentials = credentials;
    const using = this.credentials;
    if (!using) {
      return Promise.resolve(
        failure('NOT_AUTHENTICATED', 'No credentials configured: pass credentials or a token'),
      );
    }
    this.pendingLogin ??= this.login(using, ctx)
      .then((result) => {
        if (result.success) this.token = result.data.accessToken;
        return result;
      })
      .finally(() => {
        this.pendingLogin = undefined;
      });
    return this.pendingLogin;
  }
}

function loginFailure(login: Failure): Failure {
  return { ...login, error: `Login failed: ${login.error}` };
}

/** A 401 says the token expired (the gateway's message), or the token's own `exp` has passed. */
export function isExpiry(token: string, body: unknown): boolean {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && /expired/i.test(message)) return true;
  const exp = tokenExpiry(token);
  return exp !== undefined && exp <= Date.now();
}

/** The token's `exp` in epoch ms, read without verifying it (the gateway verifies). */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1_000 : undefined;
  } catch {
    return undefined;
  }
}
