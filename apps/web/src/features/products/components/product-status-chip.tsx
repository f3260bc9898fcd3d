import type { ProductOptions } from '@medicalink/sdk';
import { StateChip } from '../../../components/ui/state-chip';
import type { Tone } from '../../../lib/theme';
import { labelOf } from '../lib/criteria';

/** Colours of the status option set's values (its labels come from the server). */
const STATUS_TONES: Record<number, Tone> = { 1: 'success', 2: 'info', 3: 'warning', 4: 'neutral' };

export function ProductStatusChip(props: { status: number; options: ProductOptions | undefined }) {
  return (
    <StateChip
      label={labelOf(props.options, 'status', props.status)}
      tone={STATUS_TONES[props.status] ?? 'neutral'}
    />
  );
}
