import type { MedicaLinkClient, SearchDoctorsQuery } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

export const searchDoctors = (client: MedicaLinkClient, query: SearchDoctorsQuery) =>
  unwrap(client.searchDoctors(query));

export const searchDoctorsQueryOptions = (client: MedicaLinkClient, query: SearchDoctorsQuery) =>
  queryOptions({
    queryKey: ['doctors', 'list', query],
    queryFn: () => searchDoctors(client, query),
    placeholderData: keepPreviousData,
  });

/** GET /doctors: the composite list with its cache metadata. */
export function useDoctors(query: SearchDoctorsQuery) {
  return useQuery(searchDoctorsQueryOptions(useMedicaLinkClient(), query));
}
