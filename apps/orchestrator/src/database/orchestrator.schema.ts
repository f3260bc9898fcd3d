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

export interface OrchestratorDatabase extends SagaTables, PersistenceTables {
  education_registration_audit: EducationRegistrationAuditTable;
}
