import { QueryClient } from '@tanstack/react-query';

/** The SDK retries what is safe to retry; a second layer of retries would only delay errors. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
