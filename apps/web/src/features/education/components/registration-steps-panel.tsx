import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import PlayArrowOutlined from '@mui/icons-material/PlayArrowOutlined';
import type { EducationSession, EducationStepName } from '@medicalink/sdk';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { useRegistrationStep } from '../api/registrations';
import { availableSteps, remainingSteps, STEPS, stepDone } from '../lib/registration-steps';

/**
 * The steps as buttons in order, each enabled when the registration stands where it may be
 * taken, and "Run all steps" taking the remaining ones in order, stopping at the first that
 * fails. Linking needs the account the record belongs to.
 */
export function RegistrationStepsPanel(props: {
  session: EducationSession;
  /** an owner links their own account */
  ownAccountId?: string | undefined;
}) {
  const { session } = props;
  const step = useRegistrationStep(session.sessionId);
  const [accountId, setAccountId] = useState(props.ownAccountId ?? session.linkedAccountId ?? '');
  const [running, setRunning] = useState<EducationStepName | null>(null);
  const [runAll, setRunAll] = useState(false);
  const available = availableSteps(session);
  const remaining = remainingSteps(session);
  const busy = step.isPending || runAll;
  const needsAccount = remaining.includes('link-account') && accountId.trim() === '';

  const take = async (name: EducationStepName) => {
    setRunning(name);
    try {
      const result = await step.mutateAsync({ step: name, accountId: accountId.trim() });
      // A validation with critical failures is answered, not refused: the run stops there.
      return !('isValid' in result) || result.isValid;
    } catch {
      return false;
    } finally {
      setRunning(null);
    }
  };
  const runAllSteps = async () => {
    setRunAll(true);
    for (const name of remaining) if (!(await take(name))) break;
    setRunAll(false);
  };

  return (
    <Paper component="section" aria-labelledby="registration-steps" sx={{ p: 2.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 1.5 }}>
        <Typography id="registration-steps" variant="h2" sx={{ flex: 1 }}>
          Steps
        </Typography>
        <Button
          variant="contained"
          startIcon={<PlayArrowOutlined />}
          disabled={busy || remaining.length === 0 || needsAccount}
          onClick={() => void runAllSteps()}
        >
          Run all steps
        </Button>
      </Box>
      <Box
        component="ol"
        aria-label="Registration steps"
        sx={{
          listStyle: 'none',
          m: 0,
          p: 0,
          display: 'grid',
          gap: 1,
          gridTemplateColumns: { xs: '1fr', sm: 'repeat(5, minmax(0, 1fr))' },
        }}
      >
        {STEPS.map((entry, index) => {
          const done = stepDone(session, entry.step);
          const current = running === entry.step;
          return (
            <Box component="li" key={entry.step} sx={{ minWidth: 0 }}>
              <Button
                fullWidth
                variant={available.includes(entry.step) ? 'outlined' : 'text'}
                color={done ? 'success' : 'primary'}
                disabled={
                  busy ||
                  !available.includes(entry.step) ||
                  (entry.step === 'link-account' && needsAccount)
                }
                onClick={() => void take(entry.step)}
                startIcon={done ? <CheckCircleOutlined /> : undefined}
                sx={{
                  justifyContent: 'flex-start',
                  py: 1,
                  // a step already taken reads as done, not as unavailable
                  ...(done && { '&.Mui-disabled': { color: 'success.main' } }),
                }}
              >
                <Box component="span" sx={{ textAlign: 'left' }}>
                  <Box
                    component="span"
                    aria-hidden
                    sx={{ display: 'block', fontSize: '0.7rem', fontWeight: 500, opacity: 0.8 }}
                  >
                    Step {index + 1}
                    {done ? ' · done' : current ? ' · running' : ''}
                  </Box>
                  {entry.label}
                </Box>
              </Button>
            </Box>
          );
        })}
      </Box>
      {busy && <LinearProgress sx={{ mt: 1.5 }} aria-label="Running the step" />}
      {remaining.includes('link-account') && (
        <TextField
          id="registration-account"
          label="Account to link"
          value={accountId}
          onChange={(event) => setAccountId(event.target.value)}
          sx={{ mt: 2, width: { xs: '100%', sm: 420 } }}
          helperText={
            props.ownAccountId
              ? 'Your own account'
              : 'The id of the account the record belongs to (it must carry the business id, or have none yet)'
          }
          slotProps={{ htmlInput: { readOnly: Boolean(props.ownAccountId) } }}
        />
      )}
      {step.error && (
        <Box sx={{ mt: 2 }}>
          <ErrorAlert error={step.error} title="The step was refused" />
        </Box>
      )}
      {!step.error && session.lastError && (
        <Alert severity="error" role="alert" sx={{ mt: 2 }}>
          Step {session.lastError.step} failed: {session.lastError.message}
        </Alert>
      )}
      {session.status === 'workflow_completed' && (
        <Alert severity="success" sx={{ mt: 2 }}>
          The registration is complete: the education record exists.
        </Alert>
      )}
    </Paper>
  );
}
