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
import { isAtLeast } from '../auth/privileges';

/**
 * Staff accounts through the accounts service. Who may reach which account is
 * decided here: admin and main any account, owner only its own. Whoever may
 * reach an account may change all four PATCH fields, `membershipExpiresAt`
 * included (API.md grants PATCH to "the account itself" without a field list).
 */
@Injectable()
export class AccountsService {
  constructor(private readonly rpc: RpcClient) {}

  /** @param idempotencyKey the caller's `Idempotency-Key`; scoped to the caller, so two callers' keys never collide */
  async create(
    caller: JwtClaims,
    body: CreateAccountBody,
    idempotencyKey?: string,
  ): Promise<Account> {
    if (!isAtLeast(caller.privilege, body.privilege)) {
      throw new ForbiddenException('Cannot create an account with a privilege above your own');
    }
    return this.rpc.call(
      accountRpc.create,
      body,
      idempotencyKey ? { idempotencyKey: `${caller.sub}:${idempotencyKey}` } : {},
    );
  }

  async get(caller: JwtClaims, id: string): Promise<Account> {
    assertMayReach(caller, id);
    return this.rpc.call(accountRpc.get, { id });
  }

  async update(caller: JwtClaims, id: string, fields: UpdateAccountBody): Promise<Account> {
    assertMayReach(caller, id);
    if (fields.businessId !== undefined && !isAtLeast(caller.privilege, 'admin')) {
      throw new ForbiddenException('Only admin or main may set businessId');
    }
    // Through the orchestrator, which drops cached doctor reads once accounts has committed.
    return this.rpc.call(doctorCompositeRpc.updateAccount, { id, fields });
  }
}

/** Owners reach only their own account; they get 403 (not 404) for others, so ids are not probed. */
export function assertMayReach(caller: JwtClaims, accountId: string): void {
  if (caller.privilege === 'owner' && caller.sub !== accountId) {
    throw new ForbiddenException('Owners may only access their own account');
  }
}
