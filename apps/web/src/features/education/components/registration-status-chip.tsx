import type { EducationStatus } from '@medicalink/sdk';
import { StateChip } from '../../../components/ui/state-chip';
import { STATUS_LABELS, STATUS_TONES } from '../lib/registration-steps';

export function RegistrationStatusChip({ status }: { status: EducationStatus }) {
  return (
    <StateChip label={STATUS_LABELS[status] ?? status} tone={STATUS_TONES[status] ?? 'neutral'} />
  );
}
