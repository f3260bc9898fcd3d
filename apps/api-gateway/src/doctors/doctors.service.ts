import { ForbiddenException, Injectable } from '@nestjs/common';
import {
  DirectoryErrorCode,
  doctorCompositeRpc,
  doctorSagaRpc,
  paginationMetadata,
  sagaRpc,
  type CreateDoctorBody,
  type DoctorComposite,
  type JwtClaims,
  type SearchDoctorsQuery,
  type UpdateDoctorBody,
} from '@medicalink/contracts';
import { RpcClient, RpcError } from '@medicalink/messaging';
import { callerIdempotency } from '../http/caller-idempotency';
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
      ...callerIdempotency(caller, idempotencyKey),
    });
  }

  /** An inactive doctor is staff's to see: anyone else gets the 404 of an unknown id. */
  async get(caller: JwtClaims, id: string, noCache: boolean) {
    const reply = await this.rpc.call(doctorCompositeRpc.getComposite, {
      id,
      bypassCache: mayBypass(caller, noCache),
    });
    if (!seesInactive(caller) && !reply.data.isActive) throw doctorNotFound(id);
    return { ...reply, data: visibleTo(caller, reply.data) };
  }

  async search(caller: JwtClaims, query: SearchDoctorsQuery, noCache: boolean) {
    const { status, ids, ...filters } = query;
    const bypassCache = mayBypass(caller, noCache);
    if (ids) {
      // Each doctor as GET /doctors/:id shows it, in one page: inactive ones (isActive false)
      // for staff only, as unknown ids are, left out.
      const { data, cache } = await this.rpc.call(doctorCompositeRpc.getManyComposite, {
        ids,
        bypassCache,
      });
      const visible = data
        .filter((doctor) => doctor.isActive || seesInactive(caller))
        .map((doctor) => visibleTo(caller, doctor));
      return { data: visible, meta: paginationMetadata(1, ids.length, visible.length), cache };
    }
    if (status !== 'active' && !seesInactive(caller)) {
      throw new ForbiddenException('Only admin and main may list inactive doctors');
    }
    const reply = await this.rpc.call(doctorCompositeRpc.searchComposite, {
      ...filters,
      ...(status === 'all' ? {} : { isActive: status === 'active' }),
      bypassCache,
    });
    return { ...reply, data: reply.data.map((doctor) => visibleTo(caller, doctor)) };
  }

  update(id: string, fields: UpdateDoctorBody) {
    return this.rpc.call(doctorCompositeRpc.updateDoctor, { id, fields });
  }

  saga(id: string) {
    return this.rpc.call(sagaRpc.get, { id });
  }
}

/**
 * A doctor's personal fields (email, date of birth, phone) go to admin and main and to the
 * doctor itself; anyone else gets them as null. (The cached composite stays whole: one entry
 * serves every caller.)
 */
export function visibleTo(caller: JwtClaims, doctor: DoctorComposite): DoctorComposite {
  if (isAtLeast(caller.privilege, 'admin') || caller.sub === doctor.accountId) return doctor;
  return { ...doctor, email: null, dob: null, phone: null };
}

/** Listings show active doctors; admin and main see inactive ones too (marked isActive false). */
function seesInactive(caller: JwtClaims): boolean {
  return isAtLeast(caller.privilege, 'admin');
}

/** The same answer as for an id the directory does not know: an inactive doctor stays unseen. */
function doctorNotFound(id: string): RpcError {
  return new RpcError({
    code: DirectoryErrorCode.NotFound,
    message: `Doctor ${id} not found`,
    status: 404,
    details: { id },
    retryable: false,
  });
}

/** `Cache-Control: no-cache` skips the cache, for staff only (it costs the services a full fetch). */
function mayBypass(caller: JwtClaims, noCache: boolean): boolean {
  return noCache && isAtLeast(caller.privilege, 'admin');
}
