import type { Saga, SagaListQuery } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LIVE_SAFETY_POLL_MS, useLiveRefresh } from '../../../lib/live-refresh';
import { unwrap } from '../../../lib/operation';

/** A saga still moving: running or compensating. */
export const sagaMoving = (saga: Pick<Saga, 'state'> | undefined) =>
  saga?.state === 'running' || saga?.state === 'compensating';

/**
 * GET /sagas, newest first, read again on each saga event of the live stream; every 5 s while
 * the stream is down.
 */
export function useSagas(query: SagaListQuery) {
  const client = useMedicaLinkClient();
  const stream = useLiveRefresh({ types: ['saga.'], queryKey: ['sagas', 'list'] });
  return useQuery({
    queryKey: ['sagas', 'list', query],
    queryFn: () => unwrap(client.listSagas(query)),
    placeholderData: keepPreviousData,
    refetchInterval: stream.live ? LIVE_SAFETY_POLL_MS : 5_000,
  });
}

/**
 * One saga's step journal, read again on each of its events (and every 5 s while it moves, in
 * case one is late); while the stream is down, every second while it moves, else every 5 s.
 */
export function useSagaJournal(sagaId: string) {
  const client = useMedicaLinkClient();
  const stream = useLiveRefresh({
    types: ['saga.'],
    subjectId: sagaId,
    queryKey: ['sagas', 'one', sagaId],
  });
  return useQuery({
    queryKey: ['sagas', 'one', sagaId],
    queryFn: () => unwrap(client.getSaga(sagaId)),
    refetchInterval: (q) => {
      const moving = sagaMoving(q.state.data);
      if (stream.live) return moving ? 5_000 : LIVE_SAFETY_POLL_MS;
      return moving ? 1_000 : 5_000;
    },
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
