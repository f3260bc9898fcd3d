import type { Generated, PersistenceTables } from '@medicalink/persistence';

export interface CountriesTable {
  code: string;
  name: string;
}

export interface UniversitiesTable {
  id: string;
  name: string;
  country: string;
}

export interface CollegesTable {
  id: string;
  name: string;
  country: string;
  university_id: string | null;
  /** education_normalize(name): lower case, unaccented, single spaces (generated) */
  normalized_name: Generated<string>;
}

export interface ReferenceDataTable {
  version: string;
  loaded_at: Generated<Date>;
}

export interface EducationRecordsTable {
  id: Generated<string>;
  session_id: string;
  user_business_id: string;
  account_id: string;
  graduation_year: number;
  university: string;
  country: string;
  degree_type: 'diploma' | 'bachelors' | 'masters' | 'doctorate' | 'other';
  college: string | null;
  access_modifier: 'public' | 'private' | 'protected';
  category: 'student' | 'new_graduated' | 'graduated';
  created_at: Generated<Date>;
}

export interface EducationDatabase extends PersistenceTables {
  countries: CountriesTable;
  universities: UniversitiesTable;
  colleges: CollegesTable;
  reference_data: ReferenceDataTable;
  education_records: EducationRecordsTable;
}
