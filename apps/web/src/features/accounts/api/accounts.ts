import type { AccountListQuery, CreateAccountInput, UpdateAccountInput } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

/** GET /accounts (admin, main): newest first; read again after any change to an account. */
export function useAccounts(query: AccountListQuery) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['accounts', 'list', query],
    queryFn: () => unwrap(client.listAccounts(query)),
    placeholderData: keepPreviousData,
  });
}

export function useAccount(accountId: string) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['accounts', accountId],
    queryFn: () => unwrap(client.getAccount(accountId)),
    enabled: accountId !== '',
  });
}

export function useCreateAccount() {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAccountInput) => unwrap(client.createAccount(input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['accounts', 'list'] }),
  });
}

export function useUpdateAccount(accountId: string) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: UpdateAccountInput) => unwrap(client.updateAccount(accountId, changes)),
    onSuccess: (account) => {
      queryClient.setQueryData(['accounts', accountId], account);
      void queryClient.invalidateQueries({ queryKey: ['accounts', 'list'] });
    },
  });
}

export function useDeactivateAccount(accountId: string) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.deleteAccount(accountId)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['accounts', accountId] });
      await queryClient.invalidateQueries({ queryKey: ['accounts', 'list'] });
    },
  });
}
