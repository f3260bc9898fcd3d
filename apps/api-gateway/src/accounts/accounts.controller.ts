import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  AccountIdParams,
  CreateAccountBody,
  IdempotencyKeyHeaders,
  ListAccountsQuery,
  PaginatedResponse,
  UpdateAccountBody,
  Account,
  type JwtClaims,
} from '@medicalink/contracts';
import { Access, Authenticated } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags, INVALID_BODY } from '../openapi/api-route.decorator';
import { AccountsService } from './accounts.service';

@Controller('accounts')
@ApiTags('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      "Create a staff account (admin, main) with at most the caller's privilege; an optional `Idempotency-Key` makes a retry safe",
    responses: {
      201: { description: 'the new account', schema: Account },
      400: INVALID_BODY,
      403: { description: 'the caller is an owner, or asks for a privilege above its own' },
      409: { description: 'email already used' },
    },
  })
  create(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(CreateAccountBody)) body: CreateAccountBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ): Promise<Account> {
    return this.accounts.create(caller, body, headers['idempotency-key']);
  }

  @Get()
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      'Accounts, newest first, filtered by `search` (email, name or business id), `privilege` and `status` (active, inactive, all; default all) (admin, main)',
    responses: {
      200: { description: 'a page of accounts', schema: PaginatedResponse(Account) },
      400: { description: 'invalid filter; `errors` names the parameters' },
      403: { description: 'the caller is an owner' },
    },
  })
  list(@Query(new ZodValidationPipe(ListAccountsQuery)) query: ListAccountsQuery) {
    return this.accounts.list(query);
  }

  /** admin and main: any account; owner: its own (checked by the service) */
  @Get(':id')
  @Authenticated()
  @ApiRoute({
    summary: 'An account (admin, main: any; owner: its own)',
    responses: {
      200: { description: 'the account', schema: Account },
      403: { description: 'an owner asking for another account' },
      404: { description: 'no such account' },
    },
  })
  get(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(AccountIdParams)) params: AccountIdParams,
  ): Promise<Account> {
    return this.accounts.get(caller, params.id);
  }

  @Patch(':id')
  @Authenticated()
  @ApiRoute({
    summary:
      "Update fullName, dob, phone, membershipExpiresAt (admin, main: any account; owner: its own); admin and main also isActive and privilege (never above their own; an admin never changes a main account), which end the account's tokens; emits staff.account.updated",
    responses: {
      200: { description: 'the updated account', schema: Account },
      400: INVALID_BODY,
      403: {
        description:
          "an owner changing another account or an admin field, a privilege above the caller's, or an admin changing a main account",
      },
      404: { description: 'no such account' },
    },
  })
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
  @ApiRoute({
    summary:
      'Deactivate an account (admin, main; an admin never a main account); its tokens stop working within seconds',
    responses: {
      204: { description: 'deactivated' },
      403: { description: 'an owner, or an admin deactivating a main account' },
      404: { description: 'no such account' },
    },
  })
  @HttpCode(204)
  async deactivate(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(AccountIdParams)) params: AccountIdParams,
  ): Promise<void> {
    await this.accounts.deactivate(caller, params.id);
  }
}
