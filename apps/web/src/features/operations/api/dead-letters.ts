import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

/** The services with a dead-letter queue (the gateway's list). */
export const DEAD_LETTER_SERVICES = [
  'gateway',
  'orchestrator',
  'accounts',
  'directory',
  'product',
  'education',
] as const;
export type DeadLetterService = (typeof DEAD_LETTER_SERVICES)[number];

/** How many messages each service's dead-letter queue holds. */
export function useDeadLetterCounts() {
  const client = useMedicaLinkClient();
  return useQueries({
    queries: DEAD_LETTER_SERVICES.map((service) => ({
      queryKey: ['dead-letters', service, 'count'],
      queryFn: async () => (await unwrap(client.listDeadLetters(service, { limit: 1 }))).meta.total,
      refetchInterval: 10_000,
    })),
  });
}

export function useDeadLetters(service: DeadLetterService, page: number, limit: number) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['dead-letters', service, 'list', page, limit],
    queryFn: () => unwrap(client.listDeadLetters(service, { page, limit })),
    refetchInterval: 10_000,
  });
}

/** Replays the given messages of a service (every one without ids). */
export function useReplayDeadLetters(service: DeadLetterService) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (messageIds?: string[]) => unwrap(client.replayDeadLetters(service, messageIds)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['dead-letters', service] }),
  });
}
