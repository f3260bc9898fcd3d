import { Injectable, NotFoundException } from '@nestjs/common';
import {
  educationRegistrationRpc,
  recordRpc,
  referenceRpc,
  type CollegesReferenceQuery,
  type CountriesReferenceQuery,
  type EducationRecord,
  type JwtClaims,
  type ListEducationRecordsQuery,
  type ListRegistrationsQuery,
  type RegistrationAuditQuery,
  type RegistrationCaller,
  type RunRegistrationBody,
  type StageRegistrationBody,
  type UniversitiesReferenceQuery,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';

/** `run` makes a dozen calls in a row; each step alone takes one or two. */
const RUN_TIMEOUT_MS = 30_000;
type Step = 'validate' | 'category' | 'create' | 'complete' | 'get';

/**
 * Education routes. Registrations go to the orchestrator, which checks who reaches which
 * session (owners their own, admin and main all); records and reference data come from the
 * education service, owners seeing only records of their own account.
 */
@Injectable()
export class EducationService {
  constructor(private readonly rpc: RpcClient) {}

  stage(caller: JwtClaims, body: StageRegistrationBody, idempotencyKey?: string) {
    return this.rpc.call(
      educationRegistrationRpc.stage,
      { ...body, caller: callerOf(caller), ...(idempotencyKey ? { idempotencyKey } : {}) },
      { retries: 0 },
    );
  }

  run(caller: JwtClaims, body: RunRegistrationBody, idempotencyKey?: string) {
    return this.rpc.call(
      educationRegistrationRpc.run,
      { ...body, caller: callerOf(caller), ...(idempotencyKey ? { idempotencyKey } : {}) },
      { timeoutMs: RUN_TIMEOUT_MS, retries: 0 },
    );
  }

  step(caller: JwtClaims, step: Step, id: string) {
    return this.rpc.call(
      educationRegistrationRpc[step],
      { id, caller: callerOf(caller) },
      {
        retries: 0,
      },
    );
  }

  list(caller: JwtClaims, query: ListRegistrationsQuery) {
    return this.rpc.call(educationRegistrationRpc.list, { ...query, caller: callerOf(caller) });
  }

  audit(caller: JwtClaims, id: string, query: RegistrationAuditQuery) {
    return this.rpc.call(
      educationRegistrationRpc.audit,
      { id, caller: callerOf(caller), ...query },
      { retries: 0 },
    );
  }

  linkAccount(caller: JwtClaims, id: string, accountId: string) {
    return this.rpc.call(
      educationRegistrationRpc.linkAccount,
      { id, accountId, caller: callerOf(caller) },
      { retries: 0 },
    );
  }

  async record(caller: JwtClaims, id: string): Promise<EducationRecord> {
    const record = await this.rpc.call(recordRpc.get, { id });
    // an owner learns nothing of others' records, not even that they exist
    if (caller.privilege === 'owner' && record.accountId !== caller.sub) {
      throw new NotFoundException(`Education record ${id} not found`);
    }
    return record;
  }

  records(caller: JwtClaims, query: ListEducationRecordsQuery) {
    return this.rpc.call(recordRpc.list, {
      ...query,
      ...(caller.privilege === 'owner' ? { accountId: caller.sub } : {}),
    });
  }

  countries(query: CountriesReferenceQuery) {
    return this.rpc.call(referenceRpc.countries, query);
  }

  universities(query: UniversitiesReferenceQuery) {
    return this.rpc.call(referenceRpc.universities, query);
  }

  colleges(query: CollegesReferenceQuery) {
    return this.rpc.call(referenceRpc.colleges, query);
  }
}

function callerOf(claims: JwtClaims): RegistrationCaller {
  return { id: claims.sub, privilege: claims.privilege };
}
