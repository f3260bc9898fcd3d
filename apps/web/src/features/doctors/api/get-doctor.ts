import type { CacheMetadata, Doctor, MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { OperationError } from '../../../lib/operation';

/** The composite doctor and the read's cache metadata. */
export async function getDoctor(
  client: MedicaLinkClient,
  doctorId: string,
): Promise<{ doctor: Doctor; cache: CacheMetadata | undefined }> {
  const result = await client.getDoctor(doctorId);
  if (!result.success) throw new OperationError(result);
  return { doctor: result.data, cache: result.details?.['cache'] as CacheMetadata | undefined };
}

export const getDoctorQueryOptions = (client: MedicaLinkClient, doctorId: string) =>
  queryOptions({
    queryKey: ['doctors', 'one', doctorId],
    queryFn: () => getDoctor(client, doctorId),
  });

export function useDoctor(doctorId: string) {
  return useQuery(getDoctorQueryOptions(useMedicaLinkClient(), doctorId));
}
