import type { Saga, SagaListQuery } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

/** A saga still moving: running or compensating. */
export const sagaMoving = (saga: Pick<Saga, 'state'> | undefined) =>
  saga?.state === 'running' || saga?.state === 'compensating';

/** GET /sagas, newest first, read again every 5 s (the gateway has no event stream yet). */
export function useSagas(query: SagaListQuery) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['sagas', 'list', query],
    queryFn: () => unwrap(client.listSagas(query)),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
}

/** One saga's step journal, read every second while it moves. */
export function useSagaJournal(sagaId: string) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['sagas', 'one', sagaId],
    queryFn: () => unwrap(client.getSaga(sagaId)),
    refetchInterval: (q) => (sagaMoving(q.state.data) ? 1_000 : 5_000),
  });
}

/** POST /sagas/:id/retry: resumes a failed compensation in the background (202). */
export function useRetrySaga(sagaId: string) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.retrySaga(sagaId)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['sagas'] }),
  });
}
