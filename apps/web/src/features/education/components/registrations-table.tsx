import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { RegistrationListItem } from '@medicalink/sdk';
import { Link as RouterLink } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { paths } from '../../../config/paths';
import { auditActionLabel } from '../lib/audit-actions';
import { RegistrationStatusChip } from './registration-status-chip';

const OUTCOME_WORDS = { succeeded: 'done', failed: 'failed', refused: 'refused' } as const;

/** Registrations as the server lists them, newest first; an expired one keeps its trail. */
export function RegistrationsTable({ registrations }: { registrations: RegistrationListItem[] }) {
  return (
    <TableContainer>
      <Table aria-label="Registrations">
        <TableHead>
          <TableRow>
            <TableCell>Business id</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Last action</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Expires</TableCell>
            <TableCell>Registration</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {registrations.map((item) => (
            <TableRow key={item.sessionId} hover>
              <TableCell sx={{ fontFamily: 'ui-monospace, monospace' }}>
                {item.userBusinessId}
              </TableCell>
              <TableCell>
                <RegistrationStatusChip status={item.status} />
              </TableCell>
              <TableCell>
                {auditActionLabel({ action: item.lastAction })}{' '}
                <Typography component="span" variant="body2" color="text.secondary">
                  ({OUTCOME_WORDS[item.lastOutcome]}, <DateTime value={item.lastUpdatedAt} />)
                </Typography>
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <DateTime value={item.createdAt} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {item.expiresAt ? <DateTime value={item.expiresAt} /> : 'Expired'}
              </TableCell>
              <TableCell>
                {item.expiresAt ? (
                  <Link component={RouterLink} to={paths.registration(item.sessionId)}>
                    Open registration {item.sessionId.slice(0, 8)}
                  </Link>
                ) : (
                  <Typography component="span" variant="body2" color="text.secondary">
                    {item.sessionId.slice(0, 8)} (trail kept)
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
