import type { MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { useQuery } from '@tanstack/react-query';

const MAX_CODE_LENGTH = 40;

/**
 * A code like `code` that no product has: `CODE-2`, `CODE-3`, ... checked against the codes
 * the list's search finds (every code containing `code`). Null when none of the first 20 is
 * free or the list cannot be read. The session's commit still decides: this is a suggestion.
 */
export async function suggestFreeCode(client: MedicaLinkClient, code: string) {
  const base = code.trim().toUpperCase();
  const page = await client.listProducts({ search: base, limit: 100 });
  if (!page.success) return null;
  const taken = new Set(page.data.data.map((product) => product.productCode.toUpperCase()));
  taken.add(base);
  for (let suffix = 2; suffix <= 21; suffix += 1) {
    const candidate = `${base}-${suffix}`;
    if (candidate.length > MAX_CODE_LENGTH) return null;
    if (!taken.has(candidate)) return candidate;
  }
  return null;
}

/** The suggestion for a taken code (none while `takenCode` is null). */
export function useFreeCodeSuggestion(takenCode: string | null) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['products', 'free-code', takenCode],
    queryFn: () => suggestFreeCode(client, takenCode!),
    enabled: takenCode !== null,
    staleTime: 0,
  });
}
