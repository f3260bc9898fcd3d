import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { Hospital, ScheduleImport } from '@medicalink/sdk';
import { Link as RouterLink } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { paths } from '../../../config/paths';
import { ImportStateChip } from './import-status-chip';

/** One page of imports, latest first. */
export function ImportsTable(props: { imports: ScheduleImport[]; hospitals: Hospital[] }) {
  const hospitalName = (id: string) => props.hospitals.find((h) => h.id === id)?.name ?? id;
  return (
    <TableContainer>
      <Table aria-label="Imports">
        <TableHead>
          <TableRow>
            <TableCell>File</TableCell>
            <TableCell>Hospital</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Shifts</TableCell>
            <TableCell align="right">Errors</TableCell>
            <TableCell>Started</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.imports.map((entry) => (
            <TableRow key={entry.id} hover>
              <TableCell>
                <Link component={RouterLink} to={paths.scheduleImport(entry.id)}>
                  {entry.fileName}
                </Link>
              </TableCell>
              <TableCell>{hospitalName(entry.hospitalId)}</TableCell>
              <TableCell>
                <ImportStateChip state={entry.status} />
              </TableCell>
              <TableCell align="right">{entry.result.shiftCount ?? '—'}</TableCell>
              <TableCell align="right">{entry.validation.errors.length}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <DateTime value={entry.createdAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
