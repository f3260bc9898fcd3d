import { Body, Controller, Get, Header, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ChangePasswordBody,
  LoginBody,
  type Account,
  type JwtClaims,
  type LoginResponse,
} from '@medicalink/contracts';
import { Public } from '@medicalink/runtime';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Authenticated } from './access.decorators';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  login(
    @Body(new ZodValidationPipe(LoginBody)) credentials: LoginBody,
    @Ip() clientIp: string,
  ): Promise<LoginResponse> {
    return this.auth.login(credentials, clientIp);
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
