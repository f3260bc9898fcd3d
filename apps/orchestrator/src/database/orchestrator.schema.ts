import type { ColumnType, Generated, PersistenceTables } from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';

export interface EducationRegistrationAuditTable {
  id: Generated<string>;
  session_id: string;
  owner_id: string;
  user_business_id: string;
  actor_id: string;
  actor_privilege: string;
  action: string;
  from_status: string | null;
  to_status: string;
  outcome: 'succeeded' | 'failed' | 'refused';
  detail: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  at: Generated<Date>;
}

/** A product session's commit, kept after the session's draft leaves Redis. */
export interface ProductSessionCommitsTable {
  session_id: string;
  owner_id: string;
  operation_id: string;
  has_target: boolean;
  session_created_at: Date;
  /** the session's version once committed */
  committed_version: number;
  started_at: Generated<Date>;
}

export interface OrchestratorDatabase extends SagaTables, PersistenceTables {
  education_registration_audit: EducationRegistrationAuditTable;
  product_session_commits: ProductSessionCommitsTable;
}
