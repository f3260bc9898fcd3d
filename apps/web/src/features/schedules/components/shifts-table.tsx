import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ScheduleShift } from '@medicalink/sdk';
import { StateChip } from '../../../components/ui/state-chip';

/** The shifts of a version with their coverage, in the spreadsheet's order. */
export function ShiftsTable({ shifts }: { shifts: ScheduleShift[] }) {
  return (
    <TableContainer>
      <Table aria-label="Shifts">
        <TableHead>
          <TableRow>
            <TableCell align="right">Row</TableCell>
            <TableCell>Date</TableCell>
            <TableCell>Time</TableCell>
            <TableCell>Unit</TableCell>
            <TableCell>Shift</TableCell>
            <TableCell align="right">Required</TableCell>
            <TableCell align="right">Assigned</TableCell>
            <TableCell>Coverage</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shifts.map((shift) => {
            const assigned = shift.coverage?.assigned ?? shift.assignments.length;
            const gap = shift.coverage?.gap ?? Math.max(0, shift.required - assigned);
            return (
              <TableRow key={shift.id} hover>
                <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  {shift.row}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{shift.date}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {shift.start}–{shift.end}
                  {shift.overnight ? ' (+1 day)' : ''}
                </TableCell>
                <TableCell>{shift.unit}</TableCell>
                <TableCell>{shift.shift}</TableCell>
                <TableCell align="right">{shift.required}</TableCell>
                <TableCell align="right">{assigned}</TableCell>
                <TableCell>
                  {gap > 0 ? (
                    <StateChip label={`${gap} missing`} tone="warning" />
                  ) : (
                    <StateChip label="Covered" tone="success" />
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
