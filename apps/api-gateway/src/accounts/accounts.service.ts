import { ForbiddenException, Injectable } from '@nestjs/common';
import {
  accountRpc,
  doctorCompositeRpc,
  type Account,
  type AccountActor,
  type CreateAccountBody,
  type JwtClaims,
  type ListAccountsQuery,
  type UpdateAccountBody,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import { callerIdempotency } from '../http/caller-idempotency';
import { isAtLeast } from '../auth/privileges';
import { TokenStates } from '../auth/token-states';

/** Changing one of these ends the account's tokens: the gateway's cached token state goes at once. */
const TOKEN_ENDING_FIELDS = ['isActive', 'privilege'] as const;

/**
 * Staff accounts through the accounts service. Reads: admin and main any account, owner only
 * its own (decided here). Changes: the accounts service decides who may change what (an owner
 * its own profile fields, an admin never a `main` account, no privilege above one's own), for
 * this route and every other path that changes an account alike; the gateway names the caller.
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

  list(query: ListAccountsQuery) {
    return this.rpc.call(accountRpc.list, query);
  }

  async get(caller: JwtClaims, id: string): Promise<Account> {
    assertMayReach(caller, id);
    return this.rpc.call(accountRpc.get, { id });
  }

  async update(caller: JwtClaims, id: string, fields: UpdateAccountBody): Promise<Account> {
    // Through the orchestrator, which drops cached doctor reads once accounts has committed.
    const account = await this.rpc.call(doctorCompositeRpc.updateAccount, {
      id,
      fields,
      actor: actorOf(caller),
    });
    if (TOKEN_ENDING_FIELDS.some((field) => fields[field] !== undefined)) {
      this.tokenStates.forget(id);
    }
    return account;
  }

  /** DELETE /accounts/:id: deactivates the account, which ends its tokens. */
  async deactivate(caller: JwtClaims, id: string): Promise<void> {
    await this.rpc.call(doctorCompositeRpc.updateAccount, {
      id,
      fields: { isActive: false },
      actor: actorOf(caller),
    });
    this.tokenStates.forget(id);
  }
}

function actorOf(caller: JwtClaims): AccountActor {
  return { id: caller.sub, privilege: caller.privilege };
}

/** Owners reach only their own account; they get 403 (not 404) for others, so ids are not probed. */
export function assertMayReach(caller: JwtClaims, accountId: string): void {
  if (caller.privilege === 'owner' && caller.sub !== accountId) {
    throw new ForbiddenException('Owners may only access their own account');
  }
}
