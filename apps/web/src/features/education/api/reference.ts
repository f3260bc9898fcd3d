import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

const DAY = 24 * 3_600_000;

/** ISO countries (the reference data changes with a release, not during a day). */
export function useCountries() {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['education', 'reference', 'countries'],
    queryFn: async () => {
      const first = await unwrap(client.listCountries({ limit: 100 }));
      const rest = await Promise.all(
        Array.from({ length: Math.max(0, first.meta.totalPages - 1) }, (_, i) =>
          unwrap(client.listCountries({ page: i + 2, limit: 100 })),
        ),
      );
      return [first, ...rest].flatMap((page) => page.data);
    },
    staleTime: DAY,
  });
}

export function useUniversities(country: string) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['education', 'reference', 'universities', country],
    queryFn: async () => (await unwrap(client.listUniversities(country, { limit: 100 }))).data,
    enabled: country.length === 2,
    staleTime: DAY,
  });
}

/** The colleges of a country best matching `search` (fuzzy: misspellings are tolerated). */
export function useCollegeMatches(country: string, search: string) {
  const client = useMedicaLinkClient();
  const text = search.trim();
  return useQuery({
    queryKey: ['education', 'reference', 'colleges', country, text],
    queryFn: async () =>
      (await unwrap(client.listColleges(country, text || undefined, { limit: 8 }))).data,
    enabled: country.length === 2,
    placeholderData: keepPreviousData,
    staleTime: DAY,
  });
}
