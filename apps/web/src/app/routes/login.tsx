import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Logo } from '../../components/ui/logo';
import { safeNextPath } from '../../config/paths';
import { LoginForm } from '../../features/auth/components/login-form';
import { useAuth } from '../../lib/auth';

export function LoginRoute() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  if (auth.status === 'signed-in') return <Navigate to={next} replace />;
  if (auth.status === 'restoring') return null;
  return (
    <Box
      component="main"
      sx={{
        minHeight: '100dvh',
        display: 'grid',
        placeItems: 'center',
        p: 2,
        bgcolor: 'background.default',
      }}
    >
      <Paper sx={{ width: '100%', maxWidth: 380, p: { xs: 3, sm: 4 } }}>
        <Logo />
        <Typography variant="h1" sx={{ mt: 3, mb: 0.5 }}>
          Sign in
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
          Products, doctors and the health of the system, for MedicaLink staff.
        </Typography>
        {auth.reason === 'expired' && (
          <Alert severity="info" sx={{ mb: 2 }}>
            Your session ended. Sign in again to continue where you were.
          </Alert>
        )}
        <LoginForm onSignedIn={() => void navigate(next, { replace: true })} />
      </Paper>
    </Box>
  );
}
