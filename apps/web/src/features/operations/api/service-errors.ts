import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

/** The services that report their recent errors (the gateway's are in its own logs). */
export const ERROR_SERVICES = ['orchestrator', 'accounts', 'directory', 'product', 'education'];

/** A service's last error lines and how many it logged since it started (admin, main). */
export function useServiceErrors(service: string) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['service-errors', service],
    queryFn: () => unwrap(client.getServiceErrors(service)),
    enabled: ERROR_SERVICES.includes(service),
    refetchInterval: 10_000,
  });
}

/** How many errors each service logged since it started, in ERROR_SERVICES order. */
export function useServiceErrorCounts() {
  const client = useMedicaLinkClient();
  return useQueries({
    queries: ERROR_SERVICES.map((service) => ({
      queryKey: ['service-errors', service],
      queryFn: () => unwrap(client.getServiceErrors(service)),
      refetchInterval: 10_000,
    })),
  });
}
