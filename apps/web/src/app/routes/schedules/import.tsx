import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { BackLink } from '../../../components/ui/back-link';
import { DetailPending } from '../../../components/ui/detail-failure';
import { LiveIndicator } from '../../../components/ui/live-indicator';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useScheduleImport } from '../../../features/schedules/api/schedules';
import { ImportStateChip } from '../../../features/schedules/components/import-status-chip';
import { MessagesTable } from '../../../features/schedules/components/messages-table';
import { PhaseList } from '../../../features/schedules/components/phase-list';

export default function ImportRoute() {
  const { importId = '' } = useParams();
  const found = useScheduleImport(importId);
  const back = <BackLink to={paths.schedules}>Schedules</BackLink>;
  if (found.error || !found.data)
    return <DetailPending query={found} title="Import" before={back} />;
  const entry = found.data;
  const versionId = entry.result.scheduleVersionId;
  const failedCritical = entry.phases.find((phase) => phase.critical && phase.state === 'failed');
  const warnedPhases = entry.phases.filter((phase) => !phase.critical && phase.state === 'failed');

  return (
    <>
      <PageHeader
        before={back}
        title={entry.fileName}
        subtitle={
          <Box
            component="span"
            sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
          >
            <ImportStateChip state={entry.status} />
            {entry.status !== 'completed' && entry.status !== 'failed' && (
              <LiveIndicator live={found.live} pollSeconds={1} />
            )}
            <span>
              Started <DateTime value={entry.createdAt} />
              {entry.durationMs !== null ? ` · took ${(entry.durationMs / 1000).toFixed(1)} s` : ''}
            </span>
          </Box>
        }
        action={
          versionId && (
            <Button
              variant="contained"
              component={RouterLink}
              to={paths.scheduleVersion(versionId)}
            >
              Open the schedule
            </Button>
          )
        }
      />
      <Box sx={{ display: 'grid', gap: 2.5 }}>
        <PhaseList phases={entry.phases} />
        {failedCritical && (
          <Alert severity="error" role="alert">
            <AlertTitle>The import failed</AlertTitle>
            The {failedCritical.name} phase is critical and failed: nothing was imported. Fix the
            errors below and import the file again.
          </Alert>
        )}
        {warnedPhases.length > 0 && (
          <Alert severity="warning">
            {warnedPhases.map((phase) => phase.name).join(' and ')} failed without stopping the
            import: its warnings are in the table below.
          </Alert>
        )}
        {entry.status === 'completed' && (
          <Alert severity="success">
            {entry.result.shiftCount ?? 0} shifts imported, {entry.result.assignmentCount ?? 0}{' '}
            assignments, {entry.result.coverageGapCount ?? 0} shifts short of staff.
          </Alert>
        )}
        <Paper component="section" aria-labelledby="messages-title">
          <Typography id="messages-title" variant="h2" sx={{ px: 2, pt: 2, pb: 1.5 }}>
            Errors, warnings and notes
          </Typography>
          <MessagesTable validation={entry.validation} />
        </Paper>
      </Box>
    </>
  );
}
