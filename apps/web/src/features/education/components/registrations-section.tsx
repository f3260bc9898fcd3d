import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { EducationStatus, RegistrationListQuery } from '@medicalink/sdk';
import { EmptyState } from '../../../components/ui/empty-state';
import { PagedList } from '../../../components/ui/paged-list';
import { SelectField } from '../../../components/ui/select-field';
import { useRegistrations } from '../api/registrations';
import { STATUS_LABELS } from '../lib/registration-steps';
import { RegistrationsTable } from './registrations-table';

export interface RegistrationFilters {
  status: string;
  userBusinessId: string;
  page: number;
  limit: number;
}

/** The registrations list with its status filter (the business id filter is the page's). */
export function RegistrationsSection(props: {
  filters: RegistrationFilters;
  staff: boolean;
  onStatus: (status: string) => void;
  onPage: (page: number) => void;
  onLimit: (limit: number) => void;
  onStart: () => void;
}) {
  const { filters } = props;
  const query: RegistrationListQuery = { page: filters.page, limit: filters.limit };
  if (filters.status in STATUS_LABELS) query.status = filters.status as EducationStatus;
  if (filters.userBusinessId) query.userBusinessId = filters.userBusinessId;
  const list = useRegistrations(query);
  const filtered = Boolean(query.status || query.userBusinessId);

  return (
    <Paper component="section" aria-labelledby="registrations-title">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', p: 2, pb: 1 }}>
        <Typography id="registrations-title" variant="h2" sx={{ flex: 1 }}>
          {props.staff ? 'Registrations' : 'Your registrations'}
        </Typography>
        <SelectField
          id="registrations-status"
          label="Registration status"
          value={filters.status}
          width={220}
          options={[['', 'Any status'], ...Object.entries(STATUS_LABELS)]}
          onChange={props.onStatus}
        />
      </Box>
      <PagedList
        query={list}
        loadingLabel="Loading registrations"
        onPage={props.onPage}
        onLimit={props.onLimit}
        empty={
          <EmptyState
            title={filtered ? 'No registration matches these filters' : 'No registrations yet'}
            action={
              filtered ? undefined : (
                <Button variant="outlined" onClick={props.onStart}>
                  Start a registration
                </Button>
              )
            }
          >
            A registration lives up to 72 hours; its trail stays listed after it expires.
          </EmptyState>
        }
      >
        {(items) => <RegistrationsTable registrations={items} />}
      </PagedList>
    </Paper>
  );
}
