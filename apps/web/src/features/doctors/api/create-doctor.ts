import type { CreateDoctorInput, MedicaLinkClient } from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

/** POST /doctors: the doctor-creation saga (account, profile, permissions) under one key. */
export const createDoctor = (client: MedicaLinkClient, input: CreateDoctorInput) =>
  unwrap(client.createDoctor(input));

export function useCreateDoctor() {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateDoctorInput) => createDoctor(client, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['doctors', 'list'] }),
  });
}
