import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { EducationRecord } from '@medicalink/sdk';
import { DateTime } from '../../../components/ui/date-time';
import { StateChip } from '../../../components/ui/state-chip';
import { CATEGORY_LABELS, DEGREE_LABELS } from '../lib/registration-steps';

/** One page of education records. */
export function RecordsTable({ records }: { records: EducationRecord[] }) {
  return (
    <TableContainer>
      <Table aria-label="Education records">
        <TableHead>
          <TableRow>
            <TableCell>Business id</TableCell>
            <TableCell>University</TableCell>
            <TableCell>College</TableCell>
            <TableCell>Degree</TableCell>
            <TableCell>Graduated</TableCell>
            <TableCell>Category</TableCell>
            <TableCell>Created</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {records.map((record) => (
            <TableRow key={record.id} hover>
              <TableCell sx={{ fontFamily: 'ui-monospace, monospace' }}>
                {record.userBusinessId}
              </TableCell>
              <TableCell>{record.university}</TableCell>
              <TableCell>{record.college ?? '—'}</TableCell>
              <TableCell>{DEGREE_LABELS[record.degreeType]}</TableCell>
              <TableCell>{record.graduationYear}</TableCell>
              <TableCell>
                <StateChip label={CATEGORY_LABELS[record.category]} tone="info" />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <DateTime value={record.createdAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
