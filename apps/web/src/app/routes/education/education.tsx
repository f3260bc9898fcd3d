import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import SchoolOutlined from '@mui/icons-material/SchoolOutlined';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { PagedList } from '../../../components/ui/paged-list';
import { SearchField } from '../../../components/ui/search-field';
import { useUrlState } from '../../../components/ui/use-url-state';
import { useEducationRecords } from '../../../features/education/api/registrations';
import { RecordsTable } from '../../../features/education/components/records-table';
import { RegistrationsSection } from '../../../features/education/components/registrations-section';
import { useStartRegistration } from '../../../features/education/components/use-start-registration';
import { useCan } from '../../../lib/authorization';

const KEYS = ['businessId', 'status', 'recordsPage'] as const;
const RECORDS_PER_PAGE = 10;

export default function EducationRoute() {
  const { values, set, page, limit } = useUrlState(KEYS);
  const staff = useCan('education:skip-validation');
  const start = useStartRegistration();
  const businessId = values.businessId.trim();
  const records = useEducationRecords({
    page: Math.max(1, Number(values.recordsPage) || 1),
    limit: RECORDS_PER_PAGE,
    ...(businessId ? { userBusinessId: businessId } : {}),
  });

  return (
    <>
      <PageHeader
        title="Education"
        subtitle={
          staff
            ? 'Education registrations (seed 000): stage the data, validate it, determine the category, link the account, create the record.'
            : 'Register your education: stage it, then take it through validation to your education record.'
        }
        action={
          <Button variant="contained" startIcon={<SchoolOutlined />} onClick={() => start.open()}>
            Start registration
          </Button>
        }
      />
      <Box sx={{ display: 'grid', gap: 2.5 }}>
        {staff && (
          <SearchField
            label="Business id"
            value={values.businessId}
            onChange={(next) => set({ businessId: next, recordsPage: '' })}
          />
        )}
        <RegistrationsSection
          staff={staff}
          filters={{ status: values.status, userBusinessId: businessId, page, limit }}
          onStatus={(status) => set({ status })}
          onPage={(next) => set({ page: String(next) })}
          onLimit={(next) => set({ limit: String(next) })}
          onStart={() => start.open()}
        />
        <Paper component="section" aria-labelledby="records-title">
          <Box
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 2,
              flexWrap: 'wrap',
              px: 2,
              pt: 2,
              pb: 1,
            }}
          >
            <Typography id="records-title" variant="h2" sx={{ flex: 1 }}>
              {staff ? 'Education records' : 'Your education records'}
            </Typography>
          </Box>
          <PagedList
            query={records}
            loadingLabel="Loading records"
            onPage={(next) => set({ recordsPage: String(next), page: String(page) })}
            empty={
              <EmptyState
                title={businessId ? 'No record for this business id' : 'No education records yet'}
              >
                A record is created by the &ldquo;Create record&rdquo; step of a registration.
              </EmptyState>
            }
          >
            {(items) => <RecordsTable records={items} />}
          </PagedList>
        </Paper>
        {!staff && (
          <Alert severity="info" variant="outlined">
            You see and register your own education only; staff see every registration.
          </Alert>
        )}
      </Box>
      {start.dialog}
    </>
  );
}
