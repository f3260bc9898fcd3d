import type { Generated, PersistenceTables } from '@medicalink/persistence';

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
  created_at: Generated<Date>;
}

export interface DirectoryDatabase extends PersistenceTables {
  doctors: DoctorsTable;
  hospitals: HospitalsTable;
}
