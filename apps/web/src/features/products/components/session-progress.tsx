import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { memo } from 'react';

const MEANING: Record<number, string> = {
  25: 'Session open',
  50: 'Product saved',
  75: 'Target saved',
  100: 'Committed',
};

/** The session's progress as the server reports it: 25, 50, 75 or 100. */
export const SessionProgress = memo(function SessionProgress({
  percentage,
}: {
  percentage: number;
}) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, minWidth: 200, flex: 1 }}>
      <LinearProgress
        variant="determinate"
        value={percentage}
        aria-label="Session progress"
        aria-valuetext={`${percentage}%: ${MEANING[percentage] ?? ''}`}
        sx={{ flex: 1, height: 6, borderRadius: 3 }}
      />
      <Typography
        variant="caption"
        color="text.secondary"
        sx={{ whiteSpace: 'nowrap', minWidth: 120 }}
      >
        {percentage}% · {MEANING[percentage] ?? ''}
      </Typography>
    </Box>
  );
});
