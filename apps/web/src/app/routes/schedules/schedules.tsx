import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { SelectField } from '../../../components/ui/select-field';
import { useUrlState } from '../../../components/ui/use-url-state';
import { useHospitals, useScheduleImports } from '../../../features/schedules/api/schedules';
import { HospitalsPanel } from '../../../features/schedules/components/hospitals-panel';
import { ImportsTable } from '../../../features/schedules/components/imports-table';
import { UploadForm } from '../../../features/schedules/components/upload-form';
import { useCan } from '../../../lib/authorization';

const KEYS = ['hospital'] as const;

export default function SchedulesRoute() {
  const { values, set, page, limit } = useUrlState(KEYS);
  const mayImport = useCan('schedules:import');
  const mayCreateHospital = useCan('hospitals:create');
  const hospitals = useHospitals();
  const imports = useScheduleImports({
    page,
    limit,
    ...(values.hospital ? { hospitalId: values.hospital } : {}),
  });
  const hospitalList = hospitals.data?.data ?? [];

  return (
    <>
      <PageHeader
        title="Schedules"
        subtitle="Shift schedules imported from spreadsheets (seed 002): read, matched to the roster, checked for coverage."
      />
      <Box
        sx={{
          display: 'grid',
          gap: 2.5,
          gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 2fr) minmax(260px, 1fr)' },
          alignItems: 'start',
        }}
      >
        <Box sx={{ display: 'grid', gap: 2.5, minWidth: 0 }}>
          {mayImport &&
            (hospitals.data ? (
              hospitalList.length > 0 ? (
                <UploadForm hospitals={hospitalList} />
              ) : (
                <Paper sx={{ p: 2.5 }}>
                  <EmptyState title="Add a hospital first">
                    A schedule is imported for a hospital: create one under Hospitals.
                  </EmptyState>
                </Paper>
              )
            ) : (
              <Skeleton variant="rounded" height={260} />
            ))}
          <Paper component="section" aria-labelledby="imports-title">
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
              <Typography id="imports-title" variant="h2" sx={{ flex: 1 }}>
                Imports
              </Typography>
              <SelectField
                id="imports-hospital"
                label="Show hospital"
                value={values.hospital}
                width={220}
                options={[
                  ['', 'All hospitals'],
                  ...hospitalList.map((h) => [h.id, h.name] as const),
                ]}
                onChange={(hospital) => set({ hospital })}
              />
            </Box>
            {imports.error ? (
              <Box sx={{ p: 2 }}>
                <ErrorAlert error={imports.error} onRetry={() => void imports.refetch()} />
              </Box>
            ) : !imports.data ? (
              <Skeleton
                variant="rectangular"
                height={160}
                role="progressbar"
                aria-label="Loading imports"
              />
            ) : imports.data.data.length === 0 ? (
              <EmptyState title="No imports yet">
                {mayImport
                  ? 'Import a spreadsheet above; its phases show as they run.'
                  : 'Imports appear here once an administrator uploads a schedule.'}
              </EmptyState>
            ) : (
              <>
                <ImportsTable imports={imports.data.data} hospitals={hospitalList} />
                <Pager
                  meta={imports.data.meta}
                  onPage={(next) => set({ page: String(next) })}
                  onLimit={(next) => set({ limit: String(next) })}
                />
              </>
            )}
          </Paper>
        </Box>
        {hospitals.error ? (
          <ErrorAlert error={hospitals.error} onRetry={() => void hospitals.refetch()} />
        ) : hospitals.data ? (
          <HospitalsPanel hospitals={hospitalList} mayCreate={mayCreateHospital} />
        ) : (
          <Skeleton variant="rounded" height={200} />
        )}
      </Box>
    </>
  );
}
