import type { CreateAccountInput, UpdateAccountInput } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

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
  return useMutation({
    mutationFn: (input: CreateAccountInput) => unwrap(client.createAccount(input)),
  });
}

export function useUpdateAccount(accountId: string) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: UpdateAccountInput) => unwrap(client.updateAccount(accountId, changes)),
    onSuccess: (account) => queryClient.setQueryData(['accounts', accountId], account),
  });
}

export function useDeactivateAccount(accountId: string) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.deleteAccount(accountId)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['accounts', accountId] }),
  });
}
