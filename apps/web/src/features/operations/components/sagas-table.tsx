import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { SagaListItem } from '@medicalink/sdk';
import { Link as RouterLink } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { paths } from '../../../config/paths';
import { SagaStateChip } from './saga-state-chip';

/** One page of sagas, newest first: state, progress, the first problem. */
export function SagasTable({ sagas }: { sagas: SagaListItem[] }) {
  return (
    <TableContainer>
      <Table aria-label="Sagas">
        <TableHead>
          <TableRow>
            <TableCell>Saga</TableCell>
            <TableCell>Type</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Steps</TableCell>
            <TableCell>Problem</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Updated</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {sagas.map((saga) => {
            const done = saga.steps.filter((step) => step.state === 'succeeded').length;
            const problem = saga.steps.find((step) => step.error)?.error;
            return (
              <TableRow key={saga.id} hover>
                <TableCell sx={{ fontFamily: 'ui-monospace, monospace' }}>
                  <Link component={RouterLink} to={paths.saga(saga.id)}>
                    {saga.id.slice(0, 8)}
                  </Link>
                </TableCell>
                <TableCell>{saga.type}</TableCell>
                <TableCell>
                  <SagaStateChip state={saga.state} />
                </TableCell>
                <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  {done}/{saga.steps.length}
                </TableCell>
                <TableCell sx={{ color: 'text.secondary', maxWidth: 280 }}>
                  {problem ? `${problem.code}: ${problem.message}` : '—'}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <DateTime value={saga.createdAt} />
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <DateTime value={saga.updatedAt} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
