import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import type { SagaStep } from '@medicalink/sdk';
import { DateTime } from '../../../components/ui/date-time';
import { STATE_TONES, stepDuration } from '../lib/saga-labels';
import { SagaStateChip } from './saga-state-chip';

/** A saga's steps as a timeline: state, attempts, duration, the error a step ended with. */
export function StepJournal({ steps }: { steps: SagaStep[] }) {
  const { tones } = useTheme();
  return (
    <Box component="ol" aria-label="Step journal" sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {steps.map((step, index) => {
        const duration = stepDuration(step.startedAt, step.finishedAt);
        return (
          <Box
            component="li"
            key={`${step.name}-${index}`}
            aria-label={step.name}
            sx={{ position: 'relative', pl: 3.5, pb: 2, '&:last-of-type': { pb: 0 } }}
          >
            <Box
              aria-hidden
              sx={{
                position: 'absolute',
                left: 4,
                top: 4,
                width: 14,
                height: 14,
                borderRadius: '50%',
                border: 3,
                borderColor: tones[STATE_TONES[step.state] ?? 'neutral'].fg,
                bgcolor: 'background.paper',
              }}
            />
            {index < steps.length - 1 && (
              <Box
                aria-hidden
                sx={{
                  position: 'absolute',
                  left: 10,
                  top: 20,
                  bottom: 0,
                  width: 2,
                  bgcolor: 'divider',
                }}
              />
            )}
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
              <Typography
                variant="body2"
                sx={{ fontWeight: 600, fontFamily: 'ui-monospace, monospace' }}
              >
                {step.name}
              </Typography>
              <SagaStateChip state={step.state} />
              <Typography variant="caption" color="text.secondary">
                {step.attempts} {step.attempts === 1 ? 'attempt' : 'attempts'}
                {duration ? ` · ${duration}` : ''}
              </Typography>
            </Box>
            <Typography variant="caption" color="text.secondary" component="p">
              {step.startedAt ? (
                <>
                  Started <DateTime value={step.startedAt} />
                </>
              ) : (
                'Not started'
              )}
              {step.finishedAt && (
                <>
                  {' '}
                  · finished <DateTime value={step.finishedAt} />
                </>
              )}
            </Typography>
            {step.error && (
              <Box
                sx={{
                  mt: 0.75,
                  p: 1,
                  borderRadius: 1,
                  bgcolor: tones.error.bg,
                  color: tones.error.fg,
                  fontSize: '0.8rem',
                }}
              >
                <strong>{step.error.code}</strong> ({step.error.status}
                {step.error.retryable ? ', retryable' : ''}): {step.error.message}
              </Box>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
