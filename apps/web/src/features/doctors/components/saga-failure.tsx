import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { OperationFailure } from '@medicalink/sdk';
import { StateChip } from '../../../components/ui/state-chip';
import type { Tone } from '../../../lib/theme';
import { useSaga } from '../api/get-saga';

export interface SagaOutcome {
  sagaId: string;
  step: string;
  state: string;
}

/** The saga details of a failed doctor creation, when the gateway gave them. */
export function sagaOutcomeOf(failure: OperationFailure | undefined): SagaOutcome | undefined {
  const saga = failure?.details?.['saga'] as Partial<SagaOutcome> | undefined;
  if (typeof saga?.sagaId !== 'string' || typeof saga.step !== 'string') return undefined;
  return { sagaId: saga.sagaId, step: saga.step, state: String(saga.state ?? 'unknown') };
}

const STEP_NAMES: Record<string, string> = {
  createAccount: 'Create the account',
  createProfile: 'Create the doctor profile',
  assignPermissions: 'Assign permissions',
};

const STATE_TONES: Record<string, Tone> = {
  completed: 'success',
  compensated: 'info',
  succeeded: 'success',
  failed: 'error',
  compensation_failed: 'error',
  compensating: 'warning',
  running: 'warning',
  pending: 'neutral',
};

const label = (state: string) => state.replace(/_/g, ' ');

/** Which step of the creation failed, and whether what was done before it was undone. */
export function SagaFailure({
  failure,
  outcome,
}: {
  failure: OperationFailure;
  outcome: SagaOutcome;
}) {
  const saga = useSaga(outcome.sagaId);
  const undone = outcome.state === 'compensated';
  return (
    <Alert severity={undone ? 'warning' : 'error'} role="alert">
      <AlertTitle>The doctor was not created</AlertTitle>
      <Typography variant="body2">
        Step <strong>{STEP_NAMES[outcome.step] ?? outcome.step}</strong> failed: {failure.error}
      </Typography>
      <Typography variant="body2" sx={{ mt: 0.5 }}>
        {undone
          ? 'The steps done before it were undone (compensated): nothing was left behind.'
          : outcome.state === 'compensation_failed'
            ? 'Undoing the steps done before it failed (compensation failed): an operator must retry the compensation.'
            : `Saga state: ${label(outcome.state)}.`}
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 1, flexWrap: 'wrap' }}>
        <Typography variant="caption">Saga</Typography>
        <StateChip label={label(outcome.state)} tone={STATE_TONES[outcome.state] ?? 'neutral'} />
        <Typography variant="caption" sx={{ fontFamily: 'ui-monospace, monospace' }}>
          {outcome.sagaId}
        </Typography>
      </Box>
      {saga.data && (
        <Box component="ol" aria-label="Saga steps" sx={{ m: 0, mt: 1, pl: 2.5 }}>
          {saga.data.steps.map((step) => (
            <Box component="li" key={step.name} sx={{ mb: 0.5 }}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
                <Typography variant="body2">{STEP_NAMES[step.name] ?? step.name}</Typography>
                <StateChip label={label(step.state)} tone={STATE_TONES[step.state] ?? 'neutral'} />
                {step.attempts > 1 && (
                  <Typography variant="caption">{step.attempts} attempts</Typography>
                )}
              </Box>
              {step.error && (
                <Typography variant="caption" component="p">
                  {step.error.message}
                </Typography>
              )}
            </Box>
          ))}
        </Box>
      )}
    </Alert>
  );
}
