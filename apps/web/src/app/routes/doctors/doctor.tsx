import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useParams } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { BackLink } from '../../../components/ui/back-link';
import { DetailPending } from '../../../components/ui/detail-failure';
import { DetailList } from '../../../components/ui/detail-list';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useDoctor } from '../../../features/doctors/api/get-doctor';
import { CacheNote } from '../../../features/doctors/components/cache-note';
import { DeactivateDoctor } from '../../../features/doctors/components/deactivate-doctor';
import { DoctorStatusChip } from '../../../features/doctors/components/doctor-status-chip';
import { Authorization } from '../../../lib/authorization';

export default function DoctorRoute() {
  const { doctorId = '' } = useParams();
  const doctor = useDoctor(doctorId);
  const back = <BackLink to={paths.doctors}>Doctors</BackLink>;
  if (doctor.error || !doctor.data)
    return <DetailPending query={doctor} title="Doctor" before={back} />;
  const { doctor: data, cache } = doctor.data;
  const rows: [string, React.ReactNode][] = [
    ['Specialty', data.specialty],
    ['Licence number', data.licenseNumber],
    ['Email', data.email ?? '—'],
    ['Phone', data.phone ?? '—'],
    ['Date of birth', data.dob ? <DateTime value={data.dob} dateOnly /> : '—'],
    ['Hospitals', data.hospitalIds.length > 0 ? data.hospitalIds.join(', ') : 'None yet'],
    [
      'Account',
      <Box component="span" sx={{ fontFamily: 'ui-monospace, monospace' }}>
        {data.accountId}
      </Box>,
    ],
    ['Created', <DateTime value={data.createdAt} />],
    ['Updated', <DateTime value={data.updatedAt} />],
  ];
  return (
    <>
      <PageHeader
        before={back}
        title={data.fullName}
        subtitle={
          <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
            {data.specialty} <DoctorStatusChip active={data.isActive} />
          </Box>
        }
        action={
          <Authorization policy="doctors:deactivate">
            <DeactivateDoctor doctor={data} />
          </Authorization>
        }
      />
      <Paper component="section" aria-labelledby="doctor-details" sx={{ p: 2.5, maxWidth: 860 }}>
        <Typography id="doctor-details" variant="h2" sx={{ mb: 1.5 }}>
          Profile and account
        </Typography>
        <DetailList rows={rows} />
        {data.bio && (
          <>
            <Typography variant="h3" sx={{ mt: 2.5, mb: 0.5 }}>
              Biography
            </Typography>
            <Typography variant="body2" sx={{ whiteSpace: 'pre-line' }}>
              {data.bio}
            </Typography>
          </>
        )}
        <Box sx={{ mt: 2 }}>
          <CacheNote cache={cache} />
        </Box>
      </Paper>
    </>
  );
}
