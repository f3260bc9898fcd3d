import type { HealthReport, MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { queryOptions, useQuery } from '@tanstack/react-query';

export const HEALTH_REFRESH_MS = 10_000;

/** GET /health as a report; a 503 still carries the body, an unreachable gateway says so. */
export const getHealth = (client: MedicaLinkClient): Promise<HealthReport> =>
  client.performHealthCheck();

export const getHealthQueryOptions = (client: MedicaLinkClient) =>
  queryOptions({
    queryKey: ['health'],
    queryFn: () => getHealth(client),
    refetchInterval: HEALTH_REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });

export function useHealth() {
  return useQuery(getHealthQueryOptions(useMedicaLinkClient()));
}
