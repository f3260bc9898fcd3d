import { Injectable } from '@nestjs/common';
import {
  doctorCompositeRpc,
  doctorSagaRpc,
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

  create(body: CreateDoctorBody) {
    // Not retried here: the saga engine retries each step itself, under its own idempotency keys.
    return this.rpc.call(doctorSagaRpc.create, body, { timeoutMs: SAGA_TIMEOUT_MS, retries: 0 });
  }

  get(caller: JwtClaims, id: string, noCache: boolean) {
    return this.rpc.call(doctorCompositeRpc.getComposite, {
      id,
      bypassCache: mayBypass(caller, noCache),
    });
  }

  search(caller: JwtClaims, query: SearchDoctorsQuery, noCache: boolean) {
    return this.rpc.call(doctorCompositeRpc.searchComposite, {
      ...query,
      bypassCache: mayBypass(caller, noCache),
    });
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
