import type { CoverageSummary } from '@medicalink/contracts';
import type { ColumnType, Generated, PersistenceTables } from '@medicalink/persistence';

export interface DoctorsTable {
  id: Generated<string>;
  account_id: string;
  display_name: string;
  /** when the account's name was last taken over, so an older event cannot undo a newer one */
  display_name_as_of: Date | null;
  specialty: string;
  license_number: string;
  bio: string | null;
  hospital_ids: string[];
  is_active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface HospitalsTable {
  id: Generated<string>;
  name: string;
  city: string | null;
  roster_source_url: string | null;
  created_at: Generated<Date>;
}

export interface ScheduleVersionsTable {
  id: string;
  hospital_id: string;
  import_id: string;
  status: 'DRAFT';
  source_file: string;
  shift_count: number;
  coverage: ColumnType<CoverageSummary | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface ScheduleShiftsTable {
  id: Generated<string>;
  version_id: string;
  sheet: string;
  row_number: number;
  shift_date: ColumnType<string, string, string>;
  start_time: string;
  end_time: string;
  overnight: boolean;
  unit: string;
  shift_name: string;
  required: number;
}

export interface ScheduleAssignmentsTable {
  id: Generated<string>;
  version_id: string;
  shift_id: string;
  doctor_id: string;
  matched_by: 'licenseNumber' | 'email';
}

export interface ScheduleCoverageTable {
  shift_id: string;
  version_id: string;
  required: number;
  assigned: number;
}

export interface DirectoryDatabase extends PersistenceTables {
  doctors: DoctorsTable;
  hospitals: HospitalsTable;
  schedule_versions: ScheduleVersionsTable;
  schedule_shifts: ScheduleShiftsTable;
  schedule_assignments: ScheduleAssignmentsTable;
  schedule_coverage: ScheduleCoverageTable;
}
