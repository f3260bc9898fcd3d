import { StateChip } from '../../../components/ui/state-chip';

export function DoctorStatusChip({ active }: { active: boolean }) {
  return <StateChip label={active ? 'Active' : 'Inactive'} tone={active ? 'success' : 'neutral'} />;
}
