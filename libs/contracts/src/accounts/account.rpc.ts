import { z } from 'zod';
import { defineRpc } from '../common/define';
import { optionalFilter, PaginatedResponse, PaginationQuery } from '../common/pagination';
import {
  BusinessId,
  DateOnly,
  Email,
  FullName,
  IdList,
  Password,
  Phone,
  Timestamp,
  Uuid,
} from '../common/fields';

export const Privilege = z.enum(['owner', 'admin', 'main']);
export type Privilege = z.infer<typeof Privilege>;

/** owner < admin < main. */
const PRIVILEGE_RANK: Readonly<Record<Privilege, number>> = { owner: 0, admin: 1, main: 2 };

/** True when `privilege` is `other` or above it. */
export function isAtLeast(privilege: Privilege, other: Privilege): boolean {
  return PRIVILEGE_RANK[privilege] >= PRIVILEGE_RANK[other];
}

/**
 * Who asks for a change of an account: every path that changes one (the gateway's PATCH and
 * DELETE, the education workflow assigning a business id) names the person it acts for, and
 * the accounts service applies one rule to all of them.
 */
export const AccountActor = z.object({ id: Uuid, privilege: Privilege }).strict();
export type AccountActor = z.infer<typeof AccountActor>;

/** The fields an owner may change on its own account; the others are admin and main's. */
export const OWNER_ACCOUNT_FIELDS = ['fullName', 'dob', 'phone'] as const;

/** An account as every service sees it: never a password or its hash. */
export const Account = z.object({
  id: Uuid,
  email: z.string(),
  fullName: z.string(),
  dob: DateOnly.nullable(),
  phone: z.string().nullable(),
  privilege: Privilege,
  organizationId: Uuid.nullable(),
  /** always present in the accounts service's replies; optional for older producers */
  businessId: z.string().nullable().optional(),
  membershipExpiresAt: Timestamp.nullable(),
  isActive: z.boolean(),
  permissions: z.array(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Account = z.infer<typeof Account>;

export const CreateAccountRequest = z
  .object({
    /** chosen by the caller when it must know the id before the reply (saga compensation) */
    id: Uuid.optional(),
    email: Email,
    password: Password,
    fullName: FullName,
    dob: DateOnly.optional(),
    phone: Phone.optional(),
    privilege: Privilege.default('owner'),
    organizationId: Uuid.optional(),
    businessId: BusinessId.optional(),
    membershipExpiresAt: Timestamp.optional(),
  })
  .strict();

export const UpdateAccountFields = z
  .object({
    fullName: FullName.optional(),
    dob: DateOnly.nullable().optional(),
    phone: Phone.nullable().optional(),
    membershipExpiresAt: Timestamp.nullable().optional(),
    businessId: BusinessId.nullable().optional(),
    isActive: z.boolean().optional(),
    /** a change of privilege (or of isActive) ends the account's existing tokens */
    privilege: Privilege.optional(),
  })
  .strict()
  .refine((fields) => Object.values(fields).some((value) => value !== undefined), {
    message: 'at least one field to update is required',
  });

/**
 * GET /accounts (admin, main): newest first, paginated; `search` matches the email, the name or
 * the business id (case-insensitive, a part is enough); `status` defaults to every account.
 */
export const ListAccountsQuery = PaginationQuery.extend({
  search: optionalFilter(z.string().trim().min(1).max(100)),
  privilege: optionalFilter(Privilege),
  status: optionalFilter(z.enum(['active', 'inactive', 'all'])),
}).strict();
export type ListAccountsQuery = z.infer<typeof ListAccountsQuery>;

export const accountRpc = {
  list: defineRpc('accounts.account.list', {
    request: ListAccountsQuery,
    response: PaginatedResponse(Account),
  }),
  create: defineRpc('accounts.account.create', {
    request: CreateAccountRequest,
    response: Account,
  }),
  get: defineRpc('accounts.account.get', {
    request: z.object({ id: Uuid }).strict(),
    response: Account,
  }),
  getMany: defineRpc('accounts.account.getMany', {
    request: z.object({ ids: IdList }).strict(),
    response: z.object({ accounts: z.array(Account) }),
  }),
  findByEmail: defineRpc('accounts.account.findByEmail', {
    request: z.object({ email: Email }).strict(),
    response: z.object({ account: Account.nullable() }),
  }),
  findByBusinessId: defineRpc('accounts.account.findByBusinessId', {
    request: z.object({ businessId: BusinessId }).strict(),
    response: z.object({ account: Account.nullable() }),
  }),
  /**
   * Refused (403 ACCOUNT_CHANGE_FORBIDDEN) unless the actor may: an owner changes only its own
   * account's OWNER_ACCOUNT_FIELDS; an admin never changes a main account; nobody grants a
   * privilege above their own.
   */
  update: defineRpc('accounts.account.update', {
    request: z.object({ id: Uuid, fields: UpdateAccountFields, actor: AccountActor }).strict(),
    response: Account,
  }),
  delete: defineRpc('accounts.account.delete', {
    request: z.object({ id: Uuid }).strict(),
    response: z.object({ deleted: z.boolean() }),
  }),
};

export const permissionsRpc = {
  assign: defineRpc('accounts.permissions.assign', {
    request: z
      .object({ accountId: Uuid, permissions: z.array(z.string().min(1)).min(1).max(50) })
      .strict(),
    response: z.object({ accountId: Uuid, permissions: z.array(z.string()) }),
  }),
  revoke: defineRpc('accounts.permissions.revoke', {
    request: z
      .object({ accountId: Uuid, permissions: z.array(z.string().min(1)).min(1).max(50) })
      .strict(),
    response: z.object({ accountId: Uuid, permissions: z.array(z.string()) }),
  }),
};

/**
 * What decides whether an account's tokens still hold: a token carries the tokenVersion it was
 * issued at (claim `ver`); deactivation, a privilege change and a password change raise it.
 */
export const TokenState = z.object({
  accountId: Uuid,
  tokenVersion: z.number().int().nonnegative(),
  isActive: z.boolean(),
  privilege: Privilege,
});
export type TokenState = z.infer<typeof TokenState>;

/** An account whose credentials were just checked, with the token version to sign. */
export const AuthenticatedAccount = Account.extend({
  tokenVersion: z.number().int().nonnegative(),
});
export type AuthenticatedAccount = z.infer<typeof AuthenticatedAccount>;

export const authRpc = {
  verify: defineRpc('accounts.auth.verify', {
    request: z.object({ email: Email, password: z.string().min(1).max(128) }).strict(),
    response: AuthenticatedAccount,
  }),
  /** checks the current password, stores the new one and ends every token issued before */
  changePassword: defineRpc('accounts.auth.changePassword', {
    request: z
      .object({
        accountId: Uuid,
        currentPassword: z.string().min(1).max(128),
        newPassword: Password,
      })
      .strict(),
    response: AuthenticatedAccount,
  }),
  /** null for an account that does not exist (deleted) */
  tokenState: defineRpc('accounts.auth.tokenState', {
    request: z.object({ accountId: Uuid }).strict(),
    response: z.object({ state: TokenState.nullable() }),
  }),
};

/** Domain error codes of the accounts service. */
export const AccountsErrorCode = {
  EmailTaken: 'ACCOUNT_EMAIL_TAKEN',
  NotFound: 'ACCOUNT_NOT_FOUND',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  UnknownPermission: 'UNKNOWN_PERMISSION',
  WrongPassword: 'WRONG_CURRENT_PASSWORD',
  BusinessIdTaken: 'ACCOUNT_BUSINESS_ID_TAKEN',
  ChangeForbidden: 'ACCOUNT_CHANGE_FORBIDDEN',
} as const;
