import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useMedicaLinkClient } from '@medicalink/sdk/react';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { paths } from '../../../config/paths';
import { failureOf } from '../../../lib/operation';
import { getRegistrationQueryOptions } from '../api/registrations';
import type { RecentRegistration } from '../lib/recent-registrations';
import { RegistrationStatusChip } from './registration-status-chip';

/** The registrations started in this tab, each with where it stands now. */
export function RecentRegistrationsTable({ entries }: { entries: RecentRegistration[] }) {
  return (
    <TableContainer>
      <Table aria-label="Registrations">
        <TableHead>
          <TableRow>
            <TableCell>Business id</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Registration</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((entry) => (
            <RecentRow key={entry.sessionId} entry={entry} />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function RecentRow({ entry }: { entry: RecentRegistration }) {
  const session = useQuery(getRegistrationQueryOptions(useMedicaLinkClient(), entry.sessionId));
  const gone = failureOf(session.error)?.status === 404;
  return (
    <TableRow hover>
      <TableCell sx={{ fontFamily: 'ui-monospace, monospace' }}>{entry.userBusinessId}</TableCell>
      <TableCell>
        {session.data ? (
          <RegistrationStatusChip status={session.data.status} />
        ) : gone ? (
          'Expired'
        ) : (
          '…'
        )}
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <DateTime value={entry.startedAt} />
      </TableCell>
      <TableCell>
        <Link component={RouterLink} to={paths.registration(entry.sessionId)}>
          Open registration {entry.sessionId.slice(0, 8)}
        </Link>
      </TableCell>
    </TableRow>
  );
}
