import Box from '@mui/material/Box';
import { memo } from 'react';
import { SessionCountdown } from './session-countdown';
import { SessionProgress } from './session-progress';

/**
 * The stepper's top row: the session's progress and its countdown. Memoized, so that moving
 * between steps does not restyle it.
 */
export const SessionHeader = memo(function SessionHeader(props: {
  percentage: number;
  expiresAt: number | null;
  expired: boolean;
  onExpire: () => void;
  onRestart: () => void;
  restarting: boolean;
}) {
  return (
    <Box
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 2,
        mb: 2,
      }}
    >
      <SessionProgress percentage={props.percentage} />
      <Box sx={{ minWidth: 240 }}>
        <SessionCountdown
          expiresAt={props.expiresAt}
          expired={props.expired}
          onExpire={props.onExpire}
          onRestart={props.onRestart}
          restarting={props.restarting}
        />
      </Box>
    </Box>
  );
});
