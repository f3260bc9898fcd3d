import type {
  Account,
  AccountListQuery,
  CreateAccountInput,
  Page,
  UpdateAccountInput,
} from '../types.js';
import {
  creating,
  id,
  type CreateOptions,
  type OperationOptions,
  type RouteCall,
} from './route.js';

/** The account routes (sign-in and the caller's own account are the client's: see client.ts). */
export function accountRoutes(call: RouteCall) {
  return {
    /** POST /accounts under an Idempotency-Key */
    createAccount: (body: CreateAccountInput, options?: CreateOptions) =>
      call<Account>(
        'createAccount',
        creating({ method: 'POST', path: '/accounts', body }, options),
        options,
      ),

    /** GET /accounts (admin, main): newest first, filtered */
    listAccounts: (query: AccountListQuery = {}, options?: OperationOptions) =>
      call<Page<Account>>(
        'listAccounts',
        { method: 'GET', path: '/accounts', query: { ...query } },
        options,
      ),

    getAccount: (accountId: string, options?: OperationOptions) =>
      call<Account>('getAccount', { method: 'GET', path: `/accounts/${id(accountId)}` }, options),

    updateAccount: (accountId: string, body: UpdateAccountInput, options?: OperationOptions) =>
      call<Account>(
        'updateAccount',
        { method: 'PATCH', path: `/accounts/${id(accountId)}`, body },
        options,
      ),

    /** DELETE /accounts/:id: deactivates it (204) */
    deleteAccount: (accountId: string, options?: OperationOptions) =>
      call<void>(
        'deleteAccount',
        { method: 'DELETE', path: `/accounts/${id(accountId)}` },
        options,
      ),
  };
}
