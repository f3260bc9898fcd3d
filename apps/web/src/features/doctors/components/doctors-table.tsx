import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { Doctor } from '@medicalink/sdk';
import { Link as RouterLink } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { paths } from '../../../config/paths';
import { DoctorStatusChip } from './doctor-status-chip';

export function DoctorsTable({ doctors }: { doctors: Doctor[] }) {
  return (
    <TableContainer>
      <Table aria-label="Doctors">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Specialty</TableCell>
            <TableCell>Licence</TableCell>
            <TableCell>Email</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Since</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {doctors.map((doctor) => (
            <TableRow key={doctor.id} hover>
              <TableCell>
                <Link component={RouterLink} to={paths.doctor(doctor.id)} sx={{ fontWeight: 500 }}>
                  {doctor.fullName}
                </Link>
              </TableCell>
              <TableCell>{doctor.specialty}</TableCell>
              <TableCell sx={{ fontFamily: 'ui-monospace, monospace' }}>
                {doctor.licenseNumber}
              </TableCell>
              <TableCell sx={{ color: 'text.secondary' }}>{doctor.email ?? '—'}</TableCell>
              <TableCell>
                <DoctorStatusChip active={doctor.isActive} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <DateTime value={doctor.createdAt} dateOnly />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
