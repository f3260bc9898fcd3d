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

/** One sign-in: the tokens it issued, one after another, share it. */
export interface RefreshTokenFamiliesTable {
  id: Generated<string>;
  account_id: string;
  lifetime: 'session' | 'remember';
  /** the account's token version when the family began */
  token_version: number;
  created_at: Generated<Date>;
  /** absolute end of the sign-in */
  expires_at: Date;
  /** a token unused this long after it was issued is refused */
  idle_sec: number;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  /** SHA-256 of the token; the token itself is never stored */
  token_hash: Buffer;
  family_id: string;
  issued_at: Generated<Date>;
  used_at: Date | null;
}

export interface AccountsDatabase extends PersistenceTables {
  accounts: AccountsTable;
  refresh_token_families: RefreshTokenFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  permissions: PermissionsTable;
  account_permissions: AccountPermissionsTable;
}
