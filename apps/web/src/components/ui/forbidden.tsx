import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Link from '@mui/material/Link';
import { Link as RouterLink } from 'react-router';
import { paths } from '../../config/paths';

/** What a page the account may not open shows instead (the gateway would refuse it anyway). */
export function Forbidden({ area }: { area: string }) {
  return (
    <Alert severity="warning" variant="outlined" sx={{ maxWidth: 640 }}>
      <AlertTitle>You do not have permission to open {area}</AlertTitle>
      Your account&apos;s privilege does not include this page. Ask an administrator if you need it,
      or go back to the{' '}
      <Link component={RouterLink} to={paths.overview} underline="always">
        overview
      </Link>
      .
    </Alert>
  );
}
