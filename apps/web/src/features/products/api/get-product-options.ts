import type { MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

export const getProductOptions = (client: MedicaLinkClient) => unwrap(client.getProductOptions());

/** Reference data: read once per sign-in. */
export const getProductOptionsQueryOptions = (client: MedicaLinkClient) =>
  queryOptions({
    queryKey: ['products', 'options'],
    queryFn: () => getProductOptions(client),
    staleTime: Infinity,
  });

/** The labels of every choice field (GET /private/products/options). */
export function useProductOptions() {
  return useQuery(getProductOptionsQueryOptions(useMedicaLinkClient()));
}
