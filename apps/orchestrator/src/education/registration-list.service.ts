import { Inject, Injectable } from '@nestjs/common';
import {
  paginationMetadata,
  type ListRegistrationsQuery,
  type PaginatedResponse,
  type RegistrationCaller,
  type RegistrationListItem,
  type RegistrationStatus,
} from '@medicalink/contracts';
import type { Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import { SessionCorruptedError, SessionNotFoundError } from '@medicalink/session';
import type { OrchestratorDatabase } from '../database/orchestrator.schema';
import {
  RegistrationAuditRepository,
  type SessionSummaryRow,
} from './registration-audit.repository';
import { access, REGISTRATION_STORE, type RegistrationStore } from './registration-steps';

/**
 * The registrations list, read from the audit trail (in PostgreSQL, it outlives the sessions in
 * Redis) so an expired registration stays listed; the sessions still alive add their expiry.
 * An owner's list holds only the sessions it started.
 */
@Injectable()
export class RegistrationListService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<OrchestratorDatabase>,
    private readonly audit: RegistrationAuditRepository,
    @Inject(REGISTRATION_STORE) private readonly store: RegistrationStore,
  ) {}

  async list(
    caller: RegistrationCaller,
    query: ListRegistrationsQuery,
  ): Promise<PaginatedResponse<RegistrationListItem>> {
    const { rows, total } = await this.audit.sessions(this.db, {
      ...(caller.privilege === 'owner' ? { ownerId: caller.id } : {}),
      ...(query.userBusinessId ? { userBusinessId: query.userBusinessId } : {}),
      ...(query.status ? { status: query.status } : {}),
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    const expiries = await Promise.all(rows.map((row) => this.expiryOf(row.session_id, caller)));
    return {
      data: rows.map((row, index) => toListItem(row, expiries[index] ?? null)),
      meta: paginationMetadata(query.page, query.limit, total),
    };
  }

  /** When the session expires; null when it has expired (or was unreadable and moved aside). */
  private async expiryOf(sessionId: string, caller: RegistrationCaller): Promise<string | null> {
    try {
      return (await this.store.get(sessionId, access(caller))).expiresAt;
    } catch (error) {
      if (error instanceof SessionNotFoundError || error instanceof SessionCorruptedError) {
        return null;
      }
      throw error;
    }
  }
}

export function toListItem(row: SessionSummaryRow, expiresAt: string | null): RegistrationListItem {
  return {
    sessionId: row.session_id,
    userBusinessId: row.user_business_id,
    ownerId: row.owner_id,
    status: row.status as RegistrationStatus,
    lastAction: row.last_action,
    lastOutcome: row.last_outcome,
    createdAt: row.created_at.toISOString(),
    lastUpdatedAt: row.last_at.toISOString(),
    expiresAt,
  };
}
