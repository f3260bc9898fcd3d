import type { SagaState } from '@medicalink/sdk';
import type { Tone } from '../../../lib/theme';

export const SAGA_STATES: readonly SagaState[] = [
  'running',
  'completed',
  'compensating',
  'compensated',
  'compensation_failed',
];

export const STATE_TONES: Record<string, Tone> = {
  running: 'warning',
  compensating: 'warning',
  completed: 'success',
  succeeded: 'success',
  compensated: 'info',
  failed: 'error',
  compensation_failed: 'error',
  pending: 'neutral',
  skipped: 'neutral',
};

export const stateLabel = (state: string) => state.replace(/_/g, ' ');

/** "1.2 s", "340 ms": how long a step took, when it has finished. */
export function stepDuration(startedAt: string | null, finishedAt: string | null): string | null {
  if (!startedAt || !finishedAt) return null;
  const ms = Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt));
  return ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(1)} s`;
}
