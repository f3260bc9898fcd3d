import type { MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

/** PATCH /doctors/:id { isActive }: deactivate (or reactivate) a doctor's profile. */
export const setDoctorActive = (client: MedicaLinkClient, doctorId: string, isActive: boolean) =>
  unwrap(client.updateDoctor(doctorId, { isActive }));

export function useSetDoctorActive(doctorId: string) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (isActive: boolean) => setDoctorActive(client, doctorId, isActive),
    // The gateway answers after the directory committed; the next read is fresh.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['doctors'] }),
  });
}
