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
  ChangePasswordBody,
  LoginBody,
  RefreshBody,
  type Account,
  type JwtClaims,
  type LoginResponse,
} from '@medicalink/contracts';
import { RpcError } from '@medicalink/messaging';
import { Public } from '@medicalink/runtime';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Authenticated } from './access.decorators';
import { AuthService, type SignedIn } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { clearedRefreshCookie, refreshCookie, refreshTokenFromCookies } from './refresh-cookie';

export const CONSOLE_HEADER_REQUIRED = `The refresh cookie is accepted only with the ${CONSOLE_HEADER}: 1 header`;
export const MISSING_REFRESH_TOKEN =
  'Missing refresh token: send { "refreshToken": "..." }, or sign in to the console';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * `refresh: "token"` adds a refresh token to the reply; `refresh: "cookie"` (the console,
   * with its header) puts it in the HttpOnly cookie instead. Without `refresh`, as before.
   */
  @Post('login')
  @Public()
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
