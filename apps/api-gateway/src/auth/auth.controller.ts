import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Header,
  HttpCode,
  Ip,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CONSOLE_HEADER,
  Account,
  ChangePasswordBody,
  ConsoleHeaders,
  LoginBody,
  LoginResponse,
  RefreshBody,
  type JwtClaims,
} from '@medicalink/contracts';
import { RpcError } from '@medicalink/messaging';
import { Public } from '@medicalink/runtime';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags, INVALID_BODY } from '../openapi/api-route.decorator';
import { Authenticated } from './access.decorators';
import { AuthService, type SignedIn } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { clearedRefreshCookie, refreshCookie, refreshTokenFromCookies } from './refresh-cookie';

export const CONSOLE_HEADER_REQUIRED = `The refresh cookie is accepted only with the ${CONSOLE_HEADER}: 1 header`;
export const MISSING_REFRESH_TOKEN =
  'Missing refresh token: send { "refreshToken": "..." }, or sign in to the console';

@Controller('auth')
@ApiTags('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * `refresh: "token"` adds a refresh token to the reply; `refresh: "cookie"` (the console,
   * with its header) puts it in the HttpOnly cookie instead. Without `refresh`, as before.
   */
  @Post('login')
  @Public()
  @ApiRoute({
    summary:
      'Exchange email and password for an access token (rate-limited per IP and per email); `refresh: "token"` adds a refresh token to the reply, `refresh: "cookie"` (the console, with the `x-medicalink-console: 1` header) sets it as an HttpOnly cookie; `remember` makes it renewable for weeks instead of a working day',
    responses: {
      200: { description: 'an HS256 bearer token', schema: LoginResponse },
      400: INVALID_BODY,
      401: { description: 'Invalid email or password (the same for an unknown email)' },
      403: { description: '`refresh: "cookie"` without the console header' },
      429: { description: 'too many attempts; see `Retry-After`' },
    },
  })
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async login(
    @Body(new ZodValidationPipe(LoginBody)) body: LoginBody,
    @Ip() clientIp: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    if (body.refresh === 'cookie') requireConsoleHeader(request);
    const signedIn = await this.auth.login(body, clientIp);
    return body.refresh === 'cookie'
      ? withCookie(signedIn, request, reply)
      : withTokenInBody(signedIn);
  }

  /**
   * Rotates a refresh token: from the body (API clients: the successor comes back in the
   * body) or from the console's cookie (with the console header: the successor replaces it).
   */
  @Post('refresh')
  @Public()
  @ApiRoute({
    summary:
      "Exchange a refresh token for a new access token and its successor (rotation): from the body, or the console's HttpOnly cookie with the `x-medicalink-console: 1` header. Presenting a token already exchanged revokes its whole sign-in",
    headers: ConsoleHeaders,
    responses: {
      200: {
        description:
          'a new access token; `refreshToken` when the old one came in the body (the cookie is replaced otherwise)',
        schema: LoginResponse,
      },
      400: INVALID_BODY,
      401: {
        description:
          'no refresh token, or it is unknown, expired (absolute or idle lifetime), revoked (sign-out, password change, deactivation, privilege change) or reused',
      },
      403: { description: 'the cookie came without the console header (CSRF)' },
    },
  })
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async refresh(
    @Body(new ZodValidationPipe(RefreshBody.optional())) body: RefreshBody | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    if (body?.refreshToken) return withTokenInBody(await this.auth.refresh(body.refreshToken));
    const fromCookie = refreshTokenFromCookies(request.headers.cookie);
    if (!fromCookie) throw new UnauthorizedException(MISSING_REFRESH_TOKEN);
    requireConsoleHeader(request);
    try {
      return withCookie(await this.auth.refresh(fromCookie), request, reply);
    } catch (error) {
      // A refused cookie is dead for good: the browser need not keep sending it.
      if (error instanceof RpcError && error.envelope.status === 401) {
        void reply.header('set-cookie', clearedRefreshCookie({ secure: isHttps(request) }));
      }
      throw error;
    }
  }

  /** Signs the caller out everywhere (refresh tokens revoked, access tokens refused within seconds). */
  @Post('logout')
  @Authenticated()
  @ApiRoute({
    summary:
      "Sign the caller out everywhere: every refresh token of the account is revoked, its access tokens are refused within seconds, and the console's cookie is cleared",
    responses: {
      204: { description: 'signed out' },
      401: { description: 'missing, invalid or expired token' },
    },
  })
  @HttpCode(204)
  @Header('Cache-Control', 'no-store')
  async logout(
    @CurrentUser() caller: JwtClaims,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(caller);
    void reply.header('set-cookie', clearedRefreshCookie({ secure: isHttps(request) }));
  }

  @Post('password')
  @Authenticated()
  @ApiRoute({
    summary:
      "Change the caller's password; every token issued before stops working, the reply carries a new one",
    responses: {
      200: { description: 'a new HS256 bearer token', schema: LoginResponse },
      400: INVALID_BODY,
      403: { description: 'the current password is wrong' },
      429: { description: 'too many attempts; see `Retry-After`' },
    },
  })
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  changePassword(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(ChangePasswordBody)) body: ChangePasswordBody,
    @Ip() clientIp: string,
  ): Promise<LoginResponse> {
    return this.auth.changePassword(caller, body, clientIp);
  }

  @Get('me')
  @Authenticated()
  @ApiRoute({
    summary: "The caller's account",
    responses: {
      200: { description: 'the account (never a password or its hash)', schema: Account },
      401: { description: 'missing, invalid or expired token' },
    },
  })
  me(@CurrentUser() caller: JwtClaims): Promise<Account> {
    return this.auth.me(caller);
  }
}

function requireConsoleHeader(request: FastifyRequest): void {
  if (request.headers[CONSOLE_HEADER] !== '1') {
    throw new ForbiddenException(CONSOLE_HEADER_REQUIRED);
  }
}

/** Over https (directly, or behind a trusted proxy that says so): the cookie is Secure. */
function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

function withTokenInBody({ access, refresh }: SignedIn): LoginResponse {
  if (!refresh) return access;
  return { ...access, refreshToken: refresh.token, refreshTokenExpiresAt: refresh.expiresAt };
}

function withCookie(
  { access, refresh }: SignedIn,
  request: FastifyRequest,
  reply: FastifyReply,
): LoginResponse {
  if (!refresh) return access;
  const maxAgeSec = (Date.parse(refresh.expiresAt) - Date.now()) / 1_000;
  void reply.header(
    'set-cookie',
    refreshCookie(refresh.token, { secure: isHttps(request), maxAgeSec }),
  );
  return { ...access, refreshTokenExpiresAt: refresh.expiresAt };
}
