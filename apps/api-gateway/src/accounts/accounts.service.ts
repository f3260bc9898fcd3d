import { ForbiddenException, Injectable } from '@nestjs/common';
import {
  accountRpc,
  doctorCompositeRpc,
  type Account,
  type CreateAccountBody,
  type JwtClaims,
  type UpdateAccountBody,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import { callerIdempotency } from '../http/caller-idempotency';
import { isAtLeast } from '../auth/privileges';
import { TokenStates } from '../auth/token-states';

/** PATCH fields only admin and main may set (API.md); a change ends the account's tokens. */
const ADMIN_FIELDS = ['isActive', 'privilege', 'businessId'] as const;

/**
 * Staff accounts through the accounts service. Who may reach which account is
 * decided here: admin and main any account, owner only its own; an admin never
 * changes a `main` account. The account itself may change its own profile fields;
 * `isActive` and `privilege` are admin and main's, never above their own privilege.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly tokenStates: TokenStates,
  ) {}

  /** @param idempotencyKey the caller's `Idempotency-Key`; scoped to the caller, so two callers' keys never collide */
  async create(
    caller: JwtClaims,
    body: CreateAccountBody,
    idempotencyKey?: string,
  ): Promise<Account> {
    if (!isAtLeast(caller.privilege, body.privilege)) {
      throw new ForbiddenException('Cannot create an account with a privilege above your own');
    }
    return this.rpc.call(accountRpc.create, body, callerIdempotency(caller, idempotencyKey));
  }

  async get(caller: JwtClaims, id: string): Promise<Account> {
    assertMayReach(caller, id);
    return this.rpc.call(accountRpc.get, { id });
  }

  async update(caller: JwtClaims, id: string, fields: UpdateAccountBody): Promise<Account> {
    assertMayReach(caller, id);
    const adminFields = ADMIN_FIELDS.filter((field) => fields[field] !== undefined);
    if (adminFields.length > 0 && caller.privilege === 'owner') {
      throw new ForbiddenException(`Only admin and main may change ${adminFields.join(', ')}`);
    }
    if (fields.privilege && !isAtLeast(caller.privilege, fields.privilege)) {
      throw new ForbiddenException('Cannot grant a privilege above your own');
    }
    await this.assertNotMainForAdmin(caller, id);
    // Through the orchestrator, which drops cached doctor reads once accounts has committed.
    const account = await this.rpc.call(doctorCompositeRpc.updateAccount, { id, fields });
    if (adminFields.length > 0) this.tokenStates.forget(id);
    return account;
  }

  /** DELETE /accounts/:id: deactivates the account, which ends its tokens. */
  async deactivate(caller: JwtClaims, id: string): Promise<void> {
    await this.assertNotMainForAdmin(caller, id);
    await this.rpc.call(doctorCompositeRpc.updateAccount, { id, fields: { isActive: false } });
    this.tokenStates.forget(id);
  }

  /** An admin never changes a main account (API.md); main accounts are changed by main only. */
  private async assertNotMainForAdmin(caller: JwtClaims, id: string): Promise<void> {
    if (caller.privilege !== 'admin') return;
    const target = await this.rpc.call(accountRpc.get, { id });
    if (target.privilege === 'main') {
      throw new ForbiddenException('An admin may not change a main account');
    }
  }
}

/** Owners reach only their own account; they get 403 (not 404) for others, so ids are not probed. */
export function assertMayReach(caller: JwtClaims, accountId: string): void {
  if (caller.privilege === 'owner' && caller.sub !== accountId) {
    throw new ForbiddenException('Owners may only access their own account');
  }
}
