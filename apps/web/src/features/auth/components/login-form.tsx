import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useState, type FormEvent } from 'react';
import { failureOf } from '../../../lib/operation';
import { useLogin } from '../api/login';

/** A wait the gateway asked for: seconds left (ticking), and how to start one. */
function useWait(): [number, (ms: number) => void] {
  const [clock, setClock] = useState<{ until: number; now: number } | null>(null);
  useEffect(() => {
    if (!clock || clock.now >= clock.until) return;
    const timer = setTimeout(() => setClock({ ...clock, now: Date.now() }), 1_000);
    return () => clearTimeout(timer);
  }, [clock]);
  const seconds = clock ? Math.max(0, Math.ceil((clock.until - clock.now) / 1_000)) : 0;
  const start = (ms: number) => {
    const now = Date.now();
    setClock({ until: now + ms, now });
  };
  return [seconds, start];
}

/** Email and password; the gateway's refusal (wrong credentials, too many attempts) shown as is. */
export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [wait, startWait] = useWait();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: onSignedIn,
        onError: (error) => {
          const retryAfterMs = failureOf(error)?.details?.['retryAfterMs'];
          if (typeof retryAfterMs === 'number') startWait(retryAfterMs);
        },
      },
    );
  };

  const failure = login.error ? failureOf(login.error) : undefined;
  const throttled = failure?.status === 429;
  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Stack spacing={2}>
        {login.error && (
          <Alert severity={throttled ? 'warning' : 'error'} role="alert">
            {login.error.message}
            {throttled && wait > 0 && ` You can try again in ${wait} s.`}
          </Alert>
        )}
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          required
          autoFocus
          fullWidth
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
          fullWidth
        />
        <Button
          type="submit"
          variant="contained"
          size="large"
          disabled={login.isPending || wait > 0 || !email || !password}
        >
          Sign in
        </Button>
      </Stack>
    </Box>
  );
}
