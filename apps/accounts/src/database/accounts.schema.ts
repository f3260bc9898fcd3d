import type { Generated, PersistenceTables } from '@medicalink/persistence';

export interface AccountsTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  full_name: string;
  /** `date`, read as 'YYYY-MM-DD' */
  dob: string | null;
  phone: string | null;
  privilege: 'owner' | 'admin' | 'main';
  organization_id: string | null;
  business_id: string | null;
  membership_expires_at: Date | null;
  is_active: Generated<boolean>;
  /** raised whenever the account's existing tokens must stop working */
  token_version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PermissionsTable {
  name: string;
  description: string;
}

export interface AccountPermissionsTable {
  account_id: string;
  permission: string;
  granted_at: Generated<Date>;
}

export interface AccountsDatabase extends PersistenceTables {
  accounts: AccountsTable;
  permissions: PermissionsTable;
  account_permissions: AccountPermissionsTable;
}
