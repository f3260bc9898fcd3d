import { Injectable } from '@nestjs/common';
import {
  doctorCompositeRpc,
  doctorSagaRpc,
  paginationMetadata,
  sagaRpc,
  type CreateDoctorBody,
  type JwtClaims,
  type SearchDoctorsQuery,
  type UpdateDoctorBody,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import { isAtLeast } from '../auth/privileges';

/** A saga's steps are retried within their budgets, so creation may take longer than a read. */
const SAGA_TIMEOUT_MS = 30_000;

/** Doctor routes: everything multi-service goes through the orchestrator. */
@Injectable()
export class DoctorsService {
  constructor(private readonly rpc: RpcClient) {}

  /**
   * @param idempotencyKey the caller's `Idempotency-Key`, scoped to the caller: the saga is named
   * after it, so a client retrying after a lost reply joins the saga it started.
   */
  create(caller: JwtClaims, body: CreateDoctorBody, idempotencyKey?: string) {
    // Not retried here: the saga engine retries each step itself, under its own idempotency keys.
    return this.rpc.call(doctorSagaRpc.create, body, {
      timeoutMs: SAGA_TIMEOUT_MS,
      retries: 0,
      ...(idempotencyKey ? { idempotencyKey: `${caller.sub}:${idempotencyKey}` } : {}),
    });
  }

  get(caller: JwtClaims, id: string, noCache: boolean) {
    return this.rpc.call(doctorCompositeRpc.getComposite, {
      id,
      bypassCache: mayBypass(caller, noCache),
    });
  }

  async search(caller: JwtClaims, { ids, ...query }: SearchDoctorsQuery, noCache: boolean) {
    const bypassCache = mayBypass(caller, noCache);
    if (!ids) return this.rpc.call(doctorCompositeRpc.searchComposite, { ...query, bypassCache });
    // One page holding exactly the doctors asked for, so the reply keeps the list's shape.
    const { data, cache } = await this.rpc.call(doctorCompositeRpc.getManyComposite, {
      ids,
      bypassCache,
    });
    return { data, meta: paginationMetadata(1, ids.length, data.length), cache };
  }

  update(id: string, fields: UpdateDoctorBody) {
    return this.rpc.call(doctorCompositeRpc.updateDoctor, { id, fields });
  }

  saga(id: string) {
    return this.rpc.call(sagaRpc.get, { id });
  }
}

/** `Cache-Control: no-cache` skips the cache, for staff only (it costs the services a full fetch). */
function mayBypass(caller: JwtClaims, noCache: boolean): boolean {
  return noCache && isAtLeast(caller.privilege, 'admin');
}
