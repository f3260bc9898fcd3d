import { Inject, Injectable } from '@nestjs/common';
import {
  educationRegistrationStepDone,
  educationRegistrationStepFailed,
  educationRegistrationTransitioned,
  paginationMetadata,
  type PaginatedResponse,
  type Privilege,
  type RegistrationAuditEntry,
  type RegistrationCaller,
  type RegistrationStatus,
} from '@medicalink/contracts';
import { Outbox, OutboxRelay, type Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { OrchestratorDatabase } from '../database/orchestrator.schema';
import { RegistrationAuditRepository, type AuditRow } from './registration-audit.repository';
import type { Registration } from './registration.workflow';

export interface AuditedTransition {
  session: Pick<Registration, 'id' | 'owner'> & { data: { userBusinessId: string } };
  caller: RegistrationCaller;
  action: string;
  from: RegistrationStatus | null;
  to: RegistrationStatus;
  outcome: RegistrationAuditEntry['outcome'];
  detail?: Record<string, unknown>;
}

/**
 * The audit trail of registrations in PostgreSQL (it outlives the sessions in Redis); each
 * row is announced as education.registration.transitioned through the outbox, in the same
 * transaction.
 */
@Injectable()
export class RegistrationAuditService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<OrchestratorDatabase>,
    private readonly audit: RegistrationAuditRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async record(entry: AuditedTransition): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.audit.insert(trx, {
        session_id: entry.session.id,
        owner_id: entry.session.owner,
        user_business_id: entry.session.data.userBusinessId,
        actor_id: entry.caller.id,
        actor_privilege: entry.caller.privilege,
        action: entry.action,
        from_status: entry.from,
        to_status: entry.to,
        outcome: entry.outcome,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
      });
      await Outbox.add(trx, educationRegistrationTransitioned, {
        sessionId: row.session_id,
        userBusinessId: row.user_business_id,
        action: row.action,
        from: entry.from,
        to: entry.to,
        outcome: entry.outcome,
        by: row.actor_id,
        owner: row.owner_id,
        at: row.at.toISOString(),
      });
      await this.reportStep(trx, entry, row.owner_id, row.at);
    });
    this.relay.nudge();
  }

  /** A step that ran (not the session's creation or staging, not a refusal): done or failed. */
  private async reportStep(
    trx: Kysely<OrchestratorDatabase>,
    entry: AuditedTransition,
    owner: string,
    at: Date,
  ): Promise<void> {
    if (entry.from === null || entry.action === 'stage' || entry.outcome === 'refused') return;
    const report = {
      sessionId: entry.session.id,
      owner,
      step: entry.action,
      status: entry.to,
      occurredAt: at.toISOString(),
    };
    if (entry.outcome === 'succeeded') {
      await Outbox.add(trx, educationRegistrationStepDone, report);
      return;
    }
    const error = entry.detail?.['message'] ?? entry.detail?.['code'];
    await Outbox.add(trx, educationRegistrationStepFailed, {
      ...report,
      error: typeof error === 'string' ? error : 'failed',
    });
  }

  /**
   * A page of the session's trail, oldest first; null when it has none or (for an owner) it is
   * not its own.
   */
  async trail(
    sessionId: string,
    caller: RegistrationCaller,
    { page, limit }: { page: number; limit: number },
  ): Promise<PaginatedResponse<RegistrationAuditEntry> | null> {
    const summary = await this.audit.summary(this.db, sessionId);
    if (!summary) return null;
    if (caller.privilege === 'owner' && summary.ownerId !== caller.id) return null;
    const rows = await this.audit.forSession(this.db, sessionId, {
      offset: (page - 1) * limit,
      limit,
    });
    return { data: rows.map(toEntry), meta: paginationMetadata(page, limit, summary.total) };
  }
}

function toEntry(row: AuditRow): RegistrationAuditEntry {
  return {
    at: row.at.toISOString(),
    by: row.actor_id,
    byPrivilege: row.actor_privilege as Privilege,
    action: row.action,
    from: row.from_status as RegistrationStatus | null,
    to: row.to_status as RegistrationStatus,
    outcome: row.outcome,
    detail: row.detail,
  };
}
