import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { unwrap } from '../../../lib/operation';

export const getMe = (client: MedicaLinkClient) => unwrap(client.me());

export const getMeQueryOptions = (client: MedicaLinkClient) =>
  queryOptions({ queryKey: ['auth', 'me'], queryFn: () => getMe(client), staleTime: 5 * 60_000 });

/** The signed-in account (GET /auth/me): its name for the top bar. */
export function useMe() {
  return useQuery(getMeQueryOptions(useMedicaLinkClient()));
}
