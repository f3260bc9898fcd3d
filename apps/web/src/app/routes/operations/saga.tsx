import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import ReplayOutlined from '@mui/icons-material/ReplayOutlined';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { DateTime } from '../../../components/ui/date-time';
import { BackLink } from '../../../components/ui/back-link';
import { DetailPending } from '../../../components/ui/detail-failure';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useRetrySaga, useSagaJournal } from '../../../features/operations/api/sagas';
import { SagaStateChip } from '../../../features/operations/components/saga-state-chip';
import { StepJournal } from '../../../features/operations/components/step-journal';

export default function SagaRoute() {
  const { sagaId = '' } = useParams();
  const saga = useSagaJournal(sagaId);
  const retry = useRetrySaga(sagaId);
  const [confirming, setConfirming] = useState(false);
  const back = <BackLink to={paths.sagas}>Sagas</BackLink>;
  if (saga.error || !saga.data) return <DetailPending query={saga} title="Saga" before={back} />;
  const data = saga.data;
  const failed = data.state === 'compensation_failed';

  return (
    <>
      <PageHeader
        before={back}
        title={`${data.type} saga`}
        subtitle={
          <Box
            component="span"
            sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
          >
            <SagaStateChip state={data.state} />
            <Box component="span" sx={{ fontFamily: 'ui-monospace, monospace' }}>
              {data.id}
            </Box>
            <span>
              started <DateTime value={data.createdAt} /> · updated{' '}
              <DateTime value={data.updatedAt} />
            </span>
          </Box>
        }
        action={
          failed && (
            <Button
              variant="contained"
              startIcon={<ReplayOutlined />}
              onClick={() => setConfirming(true)}
              disabled={retry.isPending}
            >
              Retry compensation
            </Button>
          )
        }
      />
      <Box sx={{ display: 'grid', gap: 2.5, maxWidth: 900 }}>
        {failed && !retry.data && (
          <Alert severity="error" role="alert">
            Undoing the finished steps failed: what they created is still there. Retry the
            compensation once the failing service is back.
          </Alert>
        )}
        {retry.data && (
          <Alert severity="success">
            Compensation resumed at <DateTime value={retry.data.retriedAt} />; the journal below
            follows it.
          </Alert>
        )}
        {retry.error && <ErrorAlert error={retry.error} title="The retry was refused" />}
        <Paper component="section" aria-labelledby="journal-title" sx={{ p: 2.5 }}>
          <Typography id="journal-title" variant="h2" sx={{ mb: 2 }}>
            Step journal
          </Typography>
          <StepJournal steps={data.steps} />
        </Paper>
      </Box>
      <ConfirmDialog
        open={confirming}
        title="Retry the compensation?"
        confirm="Retry"
        busy={retry.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => retry.mutate(undefined, { onSettled: () => setConfirming(false) })}
      >
        The saga undoes its finished steps again, in reverse order. Do this once the service that
        refused the compensation is back.
      </ConfirmDialog>
    </>
  );
}
