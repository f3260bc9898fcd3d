import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import TimerOutlined from '@mui/icons-material/TimerOutlined';
import { memo, useEffect, useState } from 'react';
import { formatRemaining, WARNING_BEFORE_MS, warningText } from '../lib/countdown';

/** The current time, ticking once a second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/**
 * The session's countdown (role timer), a warning alert under 15 minutes, and once the session
 * has expired (by the clock, or because the server no longer knows it) the way to a new one.
 */
export const SessionCountdown = memo(function SessionCountdown(props: {
  expiresAt: number | null;
  expired: boolean;
  /** called once the clock runs out (the server may not have said so yet) */
  onExpire: () => void;
  onRestart: () => void;
  restarting: boolean;
}) {
  const now = useNow(props.expiresAt !== null && !props.expired);
  const runOut = props.expiresAt !== null && props.expiresAt - now <= 0;
  const { onExpire } = props;
  useEffect(() => {
    if (runOut) onExpire();
  }, [runOut, onExpire]);
  if (props.expiresAt === null) {
    return (
      <Typography variant="body2" color="text.secondary" role="status">
        Opening a session…
      </Typography>
    );
  }
  const remaining = props.expiresAt - now;
  if (props.expired || remaining <= 0) {
    return (
      <Alert
        severity="error"
        role="alert"
        action={
          <Button
            color="inherit"
            variant="outlined"
            size="small"
            onClick={props.onRestart}
            disabled={props.restarting}
          >
            Start a new session
          </Button>
        }
      >
        This session expired. What you typed is kept: start a new session, then save again.
      </Alert>
    );
  }
  return (
    <Box sx={{ display: 'grid', gap: 1 }}>
      <Box
        role="timer"
        sx={{ display: 'flex', alignItems: 'center', gap: 0.75, color: 'text.secondary' }}
      >
        <TimerOutlined fontSize="small" aria-hidden />
        <Typography variant="body2" component="span" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          Session expires in {formatRemaining(remaining)}
        </Typography>
      </Box>
      {remaining < WARNING_BEFORE_MS && (
        <Alert severity="warning" role="alert">
          {warningText(remaining)}
        </Alert>
      )}
    </Box>
  );
});
