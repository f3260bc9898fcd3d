import type { AudienceTarget, MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';
import { getProductQueryOptions } from './get-product';

export const replaceProductTarget = (
  client: MedicaLinkClient,
  productId: string,
  target: AudienceTarget,
) => unwrap(client.replaceProductTarget(productId, target));

/** PATCH /private/products/:id/target: the whole target; the page shows the reply. */
export function useReplaceProductTarget(productId: string) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (target: AudienceTarget) => replaceProductTarget(client, productId, target),
    onSuccess: (product) => {
      queryClient.setQueryData(getProductQueryOptions(client, productId).queryKey, product);
      void queryClient.invalidateQueries({ queryKey: ['products', 'list'] });
    },
  });
}
