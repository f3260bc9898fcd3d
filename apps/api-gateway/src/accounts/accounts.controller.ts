import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  AccountIdParams,
  CreateAccountBody,
  IdempotencyKeyHeaders,
  UpdateAccountBody,
  type Account,
  type JwtClaims,
} from '@medicalink/contracts';
import { Access, Authenticated } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { AccountsService } from './accounts.service';

@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Access('admin', 'main')
  create(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(CreateAccountBody)) body: CreateAccountBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ): Promise<Account> {
    return this.accounts.create(caller, body, headers['idempotency-key']);
  }

  /** admin and main: any account; owner: its own (checked by the service) */
  @Get(':id')
  @Authenticated()
  get(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(AccountIdParams)) params: AccountIdParams,
  ): Promise<Account> {
    return this.accounts.get(caller, params.id);
  }

  @Patch(':id')
  @Authenticated()
  update(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(AccountIdParams)) params: AccountIdParams,
    @Body(new ZodValidationPipe(UpdateAccountBody)) fields: UpdateAccountBody,
  ): Promise<Account> {
    return this.accounts.update(caller, params.id, fields);
  }

  /** Deactivates the account (its tokens stop working within seconds); 204. */
  @Delete(':id')
  @Access('admin', 'main')
  @HttpCode(204)
  async deactivate(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(AccountIdParams)) params: AccountIdParams,
  ): Promise<void> {
    await this.accounts.deactivate(caller, params.id);
  }
}
