import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import TextField from '@mui/material/TextField';
import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import type { SearchDoctorsQuery } from '@medicalink/sdk';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { SearchField } from '../../../components/ui/search-field';
import { useUrlState } from '../../../components/ui/use-url-state';
import { paths } from '../../../config/paths';
import { useDoctors } from '../../../features/doctors/api/search-doctors';
import { CacheNote } from '../../../features/doctors/components/cache-note';
import { DoctorsTable } from '../../../features/doctors/components/doctors-table';
import { NewDoctorDialog } from '../../../features/doctors/components/new-doctor-dialog';
import { useCan } from '../../../lib/authorization';

const KEYS = ['search', 'specialty', 'status'] as const;

export default function DoctorsRoute() {
  const { values, set, page, limit } = useUrlState(KEYS);
  const canManage = useCan('doctors:create');
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const query: SearchDoctorsQuery = { page, limit };
  if (values.search.trim()) query.search = values.search.trim();
  if (values.specialty) query.specialty = values.specialty;
  if (canManage && (values.status === 'inactive' || values.status === 'all'))
    query.status = values.status;
  const doctors = useDoctors(query);
  const filtered = Boolean(values.search || values.specialty);

  return (
    <>
      <PageHeader
        title="Doctors"
        subtitle="Profiles from the provider directory, joined with their accounts."
        action={
          canManage && (
            <Button
              variant="contained"
              startIcon={<PersonAddOutlined />}
              onClick={() => setCreating(true)}
            >
              New doctor
            </Button>
          )
        }
      />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, mb: 2 }}>
        <SearchField
          label="Search doctors"
          placeholder="Name, email or licence"
          value={values.search}
          onChange={(search) => set({ search })}
        />
        <TextField
          label="Specialty"
          value={values.specialty}
          onChange={(event) => set({ specialty: event.target.value })}
          sx={{ width: 200 }}
        />
        {canManage && (
          <TextField
            select
            label="Showing"
            value={values.status || 'active'}
            onChange={(event) =>
              set({ status: event.target.value === 'active' ? '' : event.target.value })
            }
            sx={{ width: 160 }}
            slotProps={{ select: { native: true } }}
          >
            <option value="active">Active doctors</option>
            <option value="inactive">Inactive doctors</option>
            <option value="all">All doctors</option>
          </TextField>
        )}
      </Box>
      {doctors.error ? (
        <ErrorAlert error={doctors.error} onRetry={() => void doctors.refetch()} />
      ) : (
        <Paper>
          {!doctors.data ? (
            <Skeleton
              variant="rectangular"
              height={280}
              role="progressbar"
              aria-label="Loading doctors"
            />
          ) : doctors.data.data.length === 0 ? (
            <EmptyState
              title={filtered ? 'No doctor matches this search' : 'No doctors yet'}
              action={
                canManage && !filtered ? (
                  <Button variant="outlined" onClick={() => setCreating(true)}>
                    Add the first doctor
                  </Button>
                ) : undefined
              }
            >
              {filtered
                ? 'Try another name, email or licence number.'
                : 'Doctors appear here once they are created.'}
            </EmptyState>
          ) : (
            <>
              <DoctorsTable doctors={doctors.data.data} />
              <Box
                sx={{
                  display: 'flex',
                  alignItems: 'center',
                  justifyContent: 'space-between',
                  flexWrap: 'wrap',
                  pl: 2,
                }}
              >
                <CacheNote cache={doctors.data.cache} />
                <Pager
                  meta={doctors.data.meta}
                  onPage={(next) => set({ page: String(next) })}
                  onLimit={(next) => set({ limit: String(next) })}
                />
              </Box>
            </>
          )}
        </Paper>
      )}
      {canManage && (
        <NewDoctorDialog
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(created) => void navigate(paths.doctor(created.doctorId))}
        />
      )}
    </>
  );
}
