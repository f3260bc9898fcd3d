import { PageHeader } from '../../components/ui/page-header';
import { HealthBoard } from '../../features/health/components/health-board';

export default function OverviewRoute() {
  return (
    <>
      <PageHeader title="Overview" subtitle="The health of every MedicaLink service, live." />
      <HealthBoard />
    </>
  );
}
