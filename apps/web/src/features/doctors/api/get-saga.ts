import type { MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

export const getSaga = (client: MedicaLinkClient, sagaId: string) => unwrap(client.getSaga(sagaId));

export const getSagaQueryOptions = (client: MedicaLinkClient, sagaId: string) =>
  queryOptions({ queryKey: ['sagas', sagaId], queryFn: () => getSaga(client, sagaId) });

/** GET /sagas/:id: a saga's step journal (admin, main), e.g. of a doctor creation that failed. */
export function useSaga(sagaId: string | null) {
  const client = useMedicaLinkClient();
  return useQuery({ ...getSagaQueryOptions(client, sagaId ?? ''), enabled: sagaId !== null });
}
