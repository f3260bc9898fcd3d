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
  /** normalized_name split into words (generated) */
  words: Generated<string[]>;
}

/** Every word of a college name, with how many colleges use it (kept by a trigger). */
export interface CollegeWordsTable {
  word: string;
  colleges: number;
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
  college_words: CollegeWordsTable;
  reference_data: ReferenceDataTable;
  education_records: EducationRecordsTable;
}
