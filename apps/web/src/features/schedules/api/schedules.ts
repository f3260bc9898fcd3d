import type {
  CreateHospitalInput,
  ImportScheduleInput,
  MedicaLinkClient,
  ScheduleImport,
} from '@medicalink/sdk';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LIVE_SAFETY_POLL_MS, useLiveRefresh } from '../../../lib/live-refresh';
import { unwrap } from '../../../lib/operation';

/** Every hospital (at most 100: a clinic network, not a registry). */
export const listHospitals = (client: MedicaLinkClient) =>
  unwrap(client.listHospitals({ limit: 100 }));

export function useHospitals() {
  const client = useMedicaLinkClient();
  return useQuery({ queryKey: ['hospitals'], queryFn: () => listHospitals(client) });
}

export function useCreateHospital() {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateHospitalInput) => unwrap(client.createHospital(input)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['hospitals'] }),
  });
}

export function useScheduleImports(query: { page: number; limit: number; hospitalId?: string }) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['schedules', 'imports', query],
    queryFn: () => unwrap(client.listScheduleImports(query)),
    placeholderData: keepPreviousData,
    // an import in progress moves on its own
    refetchInterval: (q) =>
      q.state.data?.data.some((entry) => !importSettled(entry)) ? 2_000 : false,
  });
}

export const importSettled = (entry: ScheduleImport | undefined) =>
  entry?.status === 'completed' || entry?.status === 'failed';

/**
 * One import, read again as each phase starts and finishes (the live stream); polled every
 * second while its phases run and the stream is down.
 */
export function useScheduleImport(importId: string) {
  const client = useMedicaLinkClient();
  const stream = useLiveRefresh({
    types: ['schedule.import.'],
    subjectId: importId,
    queryKey: ['schedules', 'import', importId],
  });
  const query = useQuery({
    queryKey: ['schedules', 'import', importId],
    queryFn: () => unwrap(client.getScheduleImport(importId)),
    refetchInterval: (q) =>
      importSettled(q.state.data) ? false : stream.live ? LIVE_SAFETY_POLL_MS : 1_000,
  });
  return Object.assign(query, { live: stream.live });
}

export function useUploadSchedule() {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ImportScheduleInput) => unwrap(client.uploadScheduleImport(input)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['schedules', 'imports'] }),
  });
}

export function useScheduleVersion(versionId: string) {
  const client = useMedicaLinkClient();
  return useQuery({
    queryKey: ['schedules', 'version', versionId],
    queryFn: () => unwrap(client.getScheduleVersion(versionId)),
  });
}

export function useRecalculateCoverage(versionId: string) {
  const client = useMedicaLinkClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.recalculateCoverage(versionId)),
    onSuccess: () =>
      void queryClient.invalidateQueries({ queryKey: ['schedules', 'version', versionId] }),
  });
}
