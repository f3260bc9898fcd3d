import type { MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

export const getProduct = (client: MedicaLinkClient, productId: string) =>
  unwrap(client.getProduct(productId));

export const getProductQueryOptions = (client: MedicaLinkClient, productId: string) =>
  queryOptions({
    queryKey: ['products', 'one', productId],
    queryFn: () => getProduct(client, productId),
  });

export function useProduct(productId: string) {
  return useQuery(getProductQueryOptions(useMedicaLinkClient(), productId));
}
