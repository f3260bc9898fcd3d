import { StateChip } from '../../../components/ui/state-chip';
import type { Tone } from '../../../lib/theme';

const TONES: Record<string, Tone> = {
  idle: 'neutral',
  pending: 'neutral',
  in_progress: 'warning',
  running: 'warning',
  completed: 'success',
  succeeded: 'success',
  failed: 'error',
  skipped: 'neutral',
};

const LABELS: Record<string, string> = { in_progress: 'In progress', idle: 'Waiting' };

/** An import's or a phase's state, in words and colour. */
export function ImportStateChip({ state }: { state: string }) {
  const label = LABELS[state] ?? state.charAt(0).toUpperCase() + state.slice(1);
  return <StateChip label={label} tone={TONES[state] ?? 'neutral'} />;
}
