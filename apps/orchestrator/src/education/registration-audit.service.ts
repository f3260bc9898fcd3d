import { Inject, Injectable } from '@nestjs/common';
import {
  educationRegistrationTransitioned,
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
        at: row.at.toISOString(),
      });
    });
    this.relay.nudge();
  }

  /** The session's trail, oldest first; empty when unknown or (for an owner) not its own. */
  async trail(sessionId: string, caller: RegistrationCaller): Promise<RegistrationAuditEntry[]> {
    const rows = await this.audit.forSession(this.db, sessionId);
    if (caller.privilege === 'owner' && rows.some((row) => row.owner_id !== caller.id)) return [];
    return rows.map(toEntry);
  }
}

function toEntry(row: AuditRow): RegistrationAuditEntry {
  return {
    at: row.at.toISOString(),
    by: row.actor_id,
    action: row.action,
    from: row.from_status as RegistrationStatus | null,
    to: row.to_status as RegistrationStatus,
    outcome: row.outcome,
    detail: row.detail,
  };
}
