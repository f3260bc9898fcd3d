import { StateChip } from '../../../components/ui/state-chip';
import { STATE_TONES, stateLabel } from '../lib/saga-labels';

export function SagaStateChip({ state }: { state: string }) {
  return <StateChip label={stateLabel(state)} tone={STATE_TONES[state] ?? 'neutral'} />;
}
