import type {
  EducationSession,
  EducationStepName,
  MedicaLinkClient,
  StageRegistrationInput,
} from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../../lib/operation';

/** A registration stops moving once completed or failed; until then it is polled. */
export const isSettled = (session: EducationSession | undefined) =>
  session?.status === 'workflow_completed' || session?.status === 'creation_failed';

export const getRegistrationQueryOptions = (client: MedicaLinkClient, sessionId: string) =>
  queryOptions({
    queryKey: ['education', 'registration', sessionId],
    queryFn: () => unwrap(client.getEducationRegistration(sessionId)),
  });

/** GET /education/registrations/:id, refreshed every 5 s while it can still change. */
export function useRegistration(sessionId: string) {
  return useQuery({
    ...getRegistrationQueryOptions(useMedicaLinkClient(), sessionId),
    refetchInterval: (query) => (isSettled(query.state.data) ? false : 5_000),
  });
}

/** The registration's trail, oldest first (the first 100 transitions). */
export function useRegistrationAudit(sessionId: string) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['education', 'registration', sessionId, 'audit'],
    queryFn: () => unwrap(client.getEducationRegistrationAudit(sessionId, { limit: 100 })),
  });
}

export function useStageRegistration() {
  const client = useMedicaLinkClient();
  return useMutation({
    mutationFn: (input: StageRegistrationInput) => unwrap(client.stageEducationRegistration(input)),
  });
}

/** One step of a registration; the registration and its trail are read again after it. */
export function useRegistrationStep(sessionId: string) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ step, accountId }: { step: EducationStepName; accountId?: string }) =>
      unwrap(
        client.educationRegistrationStep(
          sessionId,
          step,
          step === 'link-account' ? { accountId: accountId ?? '' } : undefined,
        ),
      ),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ['education', 'registration', sessionId] });
      // "Create record" adds a record to the lists
      await queryClient.invalidateQueries({ queryKey: ['education', 'records'] });
    },
  });
}

/** GET /education/records: an owner reads their own; admin and main every record. */
export function useEducationRecords(query: {
  page: number;
  limit: number;
  userBusinessId?: string;
}) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['education', 'records', query],
    queryFn: () => unwrap(client.listEducationRecords(query)),
  });
}
