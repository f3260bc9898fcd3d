import type {
  EducationSession,
  EducationStepName,
  MedicaLinkClient,
  RegistrationListQuery,
  StageRegistrationInput,
} from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LIVE_SAFETY_POLL_MS, useLiveRefresh } from '../../../lib/live-refresh';
import { unwrap } from '../../../lib/operation';

/** A registration stops moving once completed or failed; until then it is polled. */
export const isSettled = (session: EducationSession | undefined) =>
  session?.status === 'workflow_completed' || session?.status === 'creation_failed';

export const getRegistrationQueryOptions = (client: MedicaLinkClient, sessionId: string) =>
  queryOptions({
    queryKey: ['education', 'registration', sessionId],
    queryFn: () => unwrap(client.getEducationRegistration(sessionId)),
  });

/**
 * GET /education/registrations/:id (and its trail), read again on each of its events from the
 * live stream; polled every 5 s while it can still change and the stream is down.
 */
export function useRegistration(sessionId: string) {
  const stream = useLiveRefresh({
    types: ['education.registration.'],
    subjectId: sessionId,
    queryKey: ['education', 'registration', sessionId],
  });
  const query = useQuery({
    ...getRegistrationQueryOptions(useMedicaLinkClient(), sessionId),
    refetchInterval: (q) =>
      isSettled(q.state.data) ? false : stream.live ? LIVE_SAFETY_POLL_MS : 5_000,
  });
  return Object.assign(query, { live: stream.live });
}

const REGISTRATION_LISTS = ['education', 'registrations'] as const;

/**
 * GET /education/registrations: newest first, expired ones included; an owner's holds the ones
 * it started. Read again on each registration event of the live stream and after each step.
 */
export function useRegistrations(query: RegistrationListQuery) {
  const client = useMedicaLinkClient();
  useLiveRefresh({ types: ['education.registration.'], queryKey: REGISTRATION_LISTS });
  return useQuery({
    queryKey: [...REGISTRATION_LISTS, query],
    queryFn: () => unwrap(client.listEducationRegistrations(query)),
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
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StageRegistrationInput) => unwrap(client.stageEducationRegistration(input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: REGISTRATION_LISTS }),
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
      await queryClient.invalidateQueries({ queryKey: REGISTRATION_LISTS });
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
