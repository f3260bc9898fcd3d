import type { ListProductsQuery, MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

export const getProducts = (client: MedicaLinkClient, query: ListProductsQuery) =>
  unwrap(client.listProducts(query));

export const getProductsQueryOptions = (client: MedicaLinkClient, query: ListProductsQuery) =>
  queryOptions({
    queryKey: ['products', 'list', query],
    queryFn: () => getProducts(client, query),
    // the previous page stays on screen while the next one loads: nothing jumps
    placeholderData: keepPreviousData,
  });

export function useProducts(query: ListProductsQuery) {
  return useQuery(getProductsQueryOptions(useMedicaLinkClient(), query));
}
