import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { BackLink } from '../../../components/ui/back-link';
import { DetailPending } from '../../../components/ui/detail-failure';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { StateChip } from '../../../components/ui/state-chip';
import { paths } from '../../../config/paths';
import {
  useRecalculateCoverage,
  useScheduleVersion,
} from '../../../features/schedules/api/schedules';
import { CoverageChart } from '../../../features/schedules/components/coverage-chart';
import { ShiftsTable } from '../../../features/schedules/components/shifts-table';
import { useCan } from '../../../lib/authorization';

export default function VersionRoute() {
  const { versionId = '' } = useParams();
  const found = useScheduleVersion(versionId);
  const recalculate = useRecalculateCoverage(versionId);
  const mayRecalculate = useCan('schedules:import');
  const back = <BackLink to={paths.schedules}>Schedules</BackLink>;
  if (found.error || !found.data)
    return <DetailPending query={found} title="Schedule" before={back} />;
  const { version, data: shifts, meta } = found.data;
  const coverage = version.coverage;

  return (
    <>
      <PageHeader
        before={back}
        title={`Schedule from ${version.sourceFile}`}
        subtitle={
          <Box
            component="span"
            sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
          >
            <StateChip label="Draft" tone="neutral" />
            <span>
              {version.shiftCount} shifts · {version.assignmentCount} assignments · imported{' '}
              <DateTime value={version.createdAt} /> ·{' '}
              <Link
                component={RouterLink}
                to={paths.scheduleImport(version.importId)}
                underline="always"
              >
                the import
              </Link>
            </span>
          </Box>
        }
        action={
          mayRecalculate && (
            <Button
              variant="outlined"
              disabled={recalculate.isPending}
              onClick={() => recalculate.mutate()}
            >
              Recalculate coverage
            </Button>
          )
        }
      />
      <Box sx={{ display: 'grid', gap: 2.5 }}>
        {recalculate.error && <ErrorAlert error={recalculate.error} />}
        <Paper component="section" aria-labelledby="coverage-title" sx={{ p: 2.5 }}>
          <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, flexWrap: 'wrap', mb: 2 }}>
            <Typography id="coverage-title" variant="h2" sx={{ flex: 1 }}>
              Coverage
            </Typography>
            {coverage && (
              <Typography variant="body2" color="text.secondary">
                {coverage.assigned} of {coverage.required} required staff assigned ·{' '}
                {coverage.gapCount} shifts short · calculated{' '}
                <DateTime value={coverage.calculatedAt} />
              </Typography>
            )}
          </Box>
          {!coverage ? (
            <Alert severity="info">Coverage has not been calculated for this version yet.</Alert>
          ) : (
            <Box
              sx={{
                display: 'grid',
                gap: 3,
                gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' },
              }}
            >
              <CoverageChart
                title="Required and assigned staff per unit"
                bars={coverage.byUnit.map((u) => ({ ...u, label: u.unit }))}
              />
              <CoverageChart
                title="Required and assigned staff per day"
                bars={coverage.byDay.map((d) => ({ ...d, label: d.date }))}
              />
            </Box>
          )}
        </Paper>
        <Paper component="section" aria-labelledby="shifts-title">
          <Typography id="shifts-title" variant="h2" sx={{ px: 2, pt: 2, pb: 1 }}>
            Shifts
            <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
              {meta.total > shifts.length
                ? `the first ${shifts.length} of ${meta.total}`
                : `${meta.total}`}
            </Typography>
          </Typography>
          <ShiftsTable shifts={shifts} />
        </Paper>
      </Box>
    </>
  );
}
