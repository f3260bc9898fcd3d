/** Accounts and sign-in (see types.ts). */

export type Privilege = 'owner' | 'admin' | 'main';

export interface LoginResponse {
  accessToken: string;
  tokenType: 'Bearer';
  /** seconds until the token expires */
  expiresIn: number;
  /** when asked for with `refresh: "token"` (login) or renewing one from the body (refresh) */
  refreshToken?: string;
  /** ISO timestamp: the sign-in ends then, however often it is renewed */
  refreshTokenExpiresAt?: string;
}

export interface Account {
  id: string;
  email: string;
  fullName: string;
  dob: string | null;
  phone: string | null;
  privilege: Privilege;
  organizationId: string | null;
  /** the account's business id (education registrations use it), when it has one */
  businessId?: string | null;
  membershipExpiresAt: string | null;
  isActive: boolean;
  permissions: string[];
  createdAt: string;
  updatedAt: string;
}

/** GET /accounts (admin, main): newest first */
export interface AccountListQuery {
  /** part of the email, the name or the business id, any case */
  search?: string;
  privilege?: Privilege;
  /** default all */
  status?: 'active' | 'inactive' | 'all';
  page?: number;
  limit?: number;
}

export interface CreateAccountInput {
  email: string;
  password: string;
  fullName: string;
  dob?: string;
  phone?: string;
  privilege?: Privilege;
  /** admin and main only */
  businessId?: string;
  membershipExpiresAt?: string;
}

export interface UpdateAccountInput {
  fullName?: string;
  dob?: string | null;
  phone?: string | null;
  membershipExpiresAt?: string | null;
  /** admin and main only; ends the account's tokens */
  isActive?: boolean;
  /** admin and main only, never above their own; ends the account's tokens */
  privilege?: Privilege;
  /** admin and main only */
  businessId?: string | null;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/** The permissions a doctor account may be given (the accounts service's catalog). */
export type Permission =
  | 'doctor:read'
  | 'doctor:write'
  | 'schedule:read'
  | 'schedule:write'
  | 'product:write'
  | 'education:write'
  | 'account:read'
  | 'account:write';
