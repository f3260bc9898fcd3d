import type { Credentials, ResolvedConfig } from './config.js';
import type { ClientEvent } from './events.js';
import type { HttpResult, RequestContext, RequestSpec, TokenSource } from './http.js';
import { failure, type Failure } from './operation-result.js';
import {
  browserTabLock,
  CONSOLE_HEADER,
  renewAt,
  tokenExpiry,
  tokenIssuedAt,
  type HeldAccessToken,
  type SessionTokens,
} from './session-tokens.js';
import type { LoginResponse } from './types.js';

type Send = <T>(spec: RequestSpec, ctx: RequestContext) => Promise<HttpResult<T>>;
type Renewal = 'renewed' | Failure;

export type AuthSettings = Pick<
  ResolvedConfig,
  | 'token'
  | 'credentials'
  | 'refreshToken'
  | 'refresh'
  | 'remember'
  | 'tokenStore'
  | 'autoRenew'
  | 'logger'
>;

/** Retry a background renewal that failed for a passing reason (network, 503) after this long. */
const BACKGROUND_RETRY_MS = 5_000;

/**
 * The client's tokens and their renewal. An access token is renewed shortly before it expires
 * (at the next call, or by a timer with `autoRenew`) and once after a 401: with the refresh
 * token (rotated by the gateway, or the console's cookie), else with the credentials. When
 * neither works any more it emits `session_expired`. Concurrent calls share one login and one
 * renewal; a TokenStore shares the tokens with other processes and serializes renewals.
 */
export class AuthSession implements TokenSource {
  private access: HeldAccessToken | undefined;
  private refreshToken: string | undefined;
  private refreshTokenExpiresAt: string | undefined;
  private credentials: Credentials | undefined;
  /** cookie mode: the gateway refused the cookie; only a login brings it back */
  private cookieRefused = false;
  private pendingLogin: Promise<HttpResult<LoginResponse>> | undefined;
  private pendingRenewal: Promise<Renewal> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly exclusive: (<T>(work: () => Promise<T>) => Promise<T>) | undefined;

  constructor(
    private readonly settings: AuthSettings,
    private readonly send: Send,
    private readonly emit: (event: ClientEvent) => void,
    /** a request context for renewals no operation waits for (the timer) */
    private readonly background: () => RequestContext,
  ) {
    this.credentials = settings.credentials;
    this.refreshToken = settings.refreshToken;
    // A token from an earlier run: its own claims say how much of its life is left.
    if (settings.token) {
      this.hold(settings.token, tokenExpiry(settings.token), tokenIssuedAt(settings.token));
    }
    const lock =
      settings.tokenStore?.exclusive?.bind(settings.tokenStore) ??
      (settings.refresh === 'cookie' ? browserTabLock() : undefined);
    this.exclusive = lock;
  }

  get currentToken(): string | undefined {
    return this.access?.token;
  }

  /** The tokens held now (what a TokenStore is given to save). */
  get tokens(): SessionTokens {
    return {
      ...(this.access && { accessToken: this.access.token }),
      ...(this.access?.expiresAt !== undefined && { accessTokenExpiresAt: this.access.expiresAt }),
      ...(this.refreshToken && { refreshToken: this.refreshToken }),
      ...(this.refreshTokenExpiresAt && { refreshTokenExpiresAt: this.refreshTokenExpiresAt }),
    };
  }

  /** Replaces the access token (a password change answers a new one). */
  setToken(token: string | undefined): void {
    if (token) this.hold(token, tokenExpiry(token));
    else this.access = undefined;
  }

  /**
   * After a password change: the stored credentials (if any) log in with the new password, and
   * the refresh token is dropped, since the change revoked every sign-in of the account.
   */
  passwordChanged(password: string): void {
    if (this.credentials) this.credentials = { ...this.credentials, password };
    this.refreshToken = undefined;
    this.refreshTokenExpiresAt = undefined;
    void this.persist();
  }

  async current(ctx: RequestContext): Promise<string | undefined | Failure> {
    const held = this.access;
    if (held) {
      const due = renewAt(held);
      if (due === undefined || Date.now() < due || !this.canRenew()) return held.token;
      const renewal = await this.renewOnce(ctx);
      if (renewal === 'renewed' && this.access) return this.access.token;
      // The renewal failed: a token not yet expired still has its moment; the gateway decides.
      if (held.expiresAt !== undefined && Date.now() < held.expiresAt) return held.token;
      return renewal === 'renewed' ? undefined : renewal;
    }
    if (this.canRefresh()) {
      const renewal = await this.renewOnce(ctx);
      return renewal === 'renewed' ? this.access?.token : renewal;
    }
    if (!this.credentials) return undefined;
    const login = await this.loginOnce(ctx);
    return login.success ? login.data.accessToken : loginFailure(login);
  }

  async renew(rejected: string, body: unknown, ctx: RequestContext): Promise<Renewal | 'no'> {
    // Another request renewed it meanwhile: use that token rather than renew again.
    if (this.access && this.access.token !== rejected) return 'renewed';
    if (this.canRefresh()) return this.renewOnce(ctx);
    if (!this.credentials || !isExpiry(rejected, body)) return 'no';
    this.settings.logger?.info('medicalink: token expired, logging in again', {
      operationId: ctx.operationId,
    });
    return this.renewOnce(ctx);
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
    this.pendingLogin ??= this.send<LoginResponse>(this.loginSpec(using), ctx)
      .then(async (result) => {
        if (result.success) await this.accept(result.data);
        return result;
      })
      .finally(() => {
        this.pendingLogin = undefined;
      });
    return this.pendingLogin;
  }

  /**
   * POST /auth/logout: the gateway revokes every sign-in of the account (and clears the
   * console's cookie); the tokens and credentials held here are forgotten.
   */
  async logout(ctx: RequestContext): Promise<HttpResult<void>> {
    if (!this.access && !this.canRefresh()) {
      await this.forget();
      return { success: true, status: 204, data: undefined };
    }
    const result = await this.send<void>(
      { method: 'POST', path: '/auth/logout', headers: this.consoleHeaders() },
      ctx,
    );
    // 401: the tokens were dead already, which is what signing out wants.
    if (result.success || result.status === 401) {
      await this.forget();
      return { success: true, status: result.status ?? 204, data: undefined };
    }
    return result;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private canRefresh(): boolean {
    return (
      this.refreshToken !== undefined || (this.settings.refresh === 'cookie' && !this.cookieRefused)
    );
  }

  private canRenew(): boolean {
    return this.canRefresh() || this.credentials !== undefined;
  }

  private renewOnce(ctx: RequestContext): Promise<Renewal> {
    this.pendingRenewal ??= (
      this.exclusive ? this.exclusive(() => this.renewNow(ctx)) : this.renewNow(ctx)
    ).finally(() => {
      this.pendingRenewal = undefined;
    });
    return this.pendingRenewal;
  }

  private async renewNow(ctx: RequestContext): Promise<Renewal> {
    if (await this.adoptFromStore()) return 'renewed';
    let refusal: Failure | undefined;
    if (this.canRefresh()) {
      const result = await this.send<LoginResponse>(this.refreshSpec(), ctx);
      if (result.success) {
        await this.accept(result.data);
        this.renewed('refresh');
        return 'renewed';
      }
      if (!isRefusal(result)) {
        return { ...result, error: `Could not renew the session: ${result.error}` };
      }
      refusal = result;
      this.refreshToken = undefined;
      this.refreshTokenExpiresAt = undefined;
      if (this.settings.refresh === 'cookie') this.cookieRefused = true;
    }
    if (this.credentials) {
      this.access = undefined;
      const login = await this.loginOnce(ctx);
      if (login.success) {
        this.renewed('login');
        return 'renewed';
      }
      if (!isRefusal(login)) return loginFailure(login);
      refusal = loginFailure(login);
    }
    await this.persist();
    const reason = refusal?.error ?? 'nothing to renew the session with';
    this.settings.logger?.warn('medicalink: the session cannot be renewed', { reason });
    this.emit({ type: 'session_expired', timestamp: Date.now(), reason });
    return failure('NOT_AUTHENTICATED', `Signed out: ${reason}`, {
      status: refusal?.status ?? 401,
    });
  }

  /**
   * Someone sharing the store renewed while we waited for our turn: take their tokens instead
   * of presenting a refresh token that is now used (which would revoke the sign-in).
   */
  private async adoptFromStore(): Promise<boolean> {
    const store = this.settings.tokenStore;
    if (!store) return false;
    const saved = await store.load();
    if (!saved?.refreshToken || saved.refreshToken === this.refreshToken) return false;
    this.refreshToken = saved.refreshToken;
    this.refreshTokenExpiresAt = saved.refreshTokenExpiresAt;
    if (!saved.accessToken) return false;
    this.hold(
      saved.accessToken,
      saved.accessTokenExpiresAt ?? tokenExpiry(saved.accessToken),
      tokenIssuedAt(saved.accessToken),
    );
    const due = this.access ? renewAt(this.access) : undefined;
    if (due !== undefined && Date.now() >= due) return false;
    this.renewed('store');
    return true;
  }

  private async accept(reply: LoginResponse): Promise<void> {
    this.hold(reply.accessToken, Date.now() + reply.expiresIn * 1_000);
    if (reply.refreshToken) this.refreshToken = reply.refreshToken;
    if (reply.refreshTokenExpiresAt) this.refreshTokenExpiresAt = reply.refreshTokenExpiresAt;
    this.cookieRefused = false;
    await this.persist();
  }

  private hold(token: string, expiresAt: number | undefined, obtainedAt = Date.now()): void {
    this.access = { token, obtainedAt, expiresAt };
    this.schedule();
  }

  private renewed(via: 'refresh' | 'login' | 'store'): void {
    this.emit({
      type: 'session_renewed',
      timestamp: Date.now(),
      via,
      ...(this.access?.expiresAt !== undefined && { expiresAt: this.access.expiresAt }),
    });
  }

  private async forget(): Promise<void> {
    this.dispose();
    this.access = undefined;
    this.refreshToken = undefined;
    this.refreshTokenExpiresAt = undefined;
    this.credentials = undefined;
    this.cookieRefused = true;
    await this.persist(true);
  }

  private async persist(signedOut = false): Promise<void> {
    try {
      await this.settings.tokenStore?.save(signedOut ? undefined : this.tokens);
    } catch (error) {
      this.settings.logger?.error('medicalink: could not save the session tokens', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** With `autoRenew`, renews shortly before the access token expires, with no call needed. */
  private schedule(delayMs?: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.settings.autoRenew || !this.access || !this.canRenew()) return;
    const at = delayMs === undefined ? renewAt(this.access) : Date.now() + delayMs;
    if (at === undefined) return;
    this.timer = setTimeout(() => void this.renewInBackground(), Math.max(0, at - Date.now()));
    // In Node, a pending renewal must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async renewInBackground(): Promise<void> {
    this.timer = undefined;
    const renewal = await this.renewOnce(this.background());
    if (renewal === 'renewed' || renewal.code === 'NOT_AUTHENTICATED') return;
    const expiresAt = this.access?.expiresAt;
    if (expiresAt !== undefined && Date.now() < expiresAt) this.schedule(BACKGROUND_RETRY_MS);
  }

  private loginSpec(credentials: Credentials): RequestSpec {
    const mode = this.settings.refresh ?? (this.settings.refreshToken ? 'token' : undefined);
    return {
      method: 'POST',
      path: '/auth/login',
      auth: false,
      body: {
        ...credentials,
        ...(mode && { refresh: mode }),
        ...(mode && this.settings.remember && { remember: true }),
      },
      headers: this.consoleHeaders(),
    };
  }

  /** Never retried: a retry could present a token the first attempt used (a revocation). */
  private refreshSpec(): RequestSpec {
    return this.refreshToken
      ? {
          method: 'POST',
          path: '/auth/refresh',
          auth: false,
          noRetry: true,
          body: { refreshToken: this.refreshToken },
        }
      : {
          method: 'POST',
          path: '/auth/refresh',
          auth: false,
          noRetry: true,
          headers: this.consoleHeaders(),
        };
  }

  private consoleHeaders(): Record<string, string> {
    return this.settings.refresh === 'cookie' ? { [CONSOLE_HEADER]: '1' } : {};
  }
}

function loginFailure(login: Failure): Failure {
  return { ...login, error: `Login failed: ${login.error}` };
}

/** The gateway said no (401, 403): retrying the same thing cannot help. */
function isRefusal(result: Failure): boolean {
  return result.status === 401 || result.status === 403;
}

/** A 401 says the token expired (the gateway's message), or the token's own `exp` has passed. */
export function isExpiry(token: string, body: unknown): boolean {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && /expired/i.test(message)) return true;
  const exp = tokenExpiry(token);
  return exp !== undefined && exp <= Date.now();
}
