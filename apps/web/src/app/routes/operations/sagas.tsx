import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import TextField from '@mui/material/TextField';
import type { SagaListQuery, SagaState } from '@medicalink/sdk';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { SelectField } from '../../../components/ui/select-field';
import { useUrlState } from '../../../components/ui/use-url-state';
import { useSagas } from '../../../features/operations/api/sagas';
import { SagasTable } from '../../../features/operations/components/sagas-table';
import { SAGA_STATES, stateLabel } from '../../../features/operations/lib/saga-labels';

const KEYS = ['state', 'type', 'from', 'to'] as const;

/** A datetime-local value as the ISO instant the gateway filters on. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

export default function SagasRoute() {
  const { values, set, page, limit } = useUrlState(KEYS);
  const query: SagaListQuery = { page, limit };
  if ((SAGA_STATES as readonly string[]).includes(values.state))
    query.state = values.state as SagaState;
  if (values.type.trim()) query.type = values.type.trim();
  const from = instant(values.from);
  const to = instant(values.to);
  if (from) query.from = from;
  if (to) query.to = to;
  const sagas = useSagas(query);
  const filtered = Boolean(values.state || values.type || values.from || values.to);

  return (
    <>
      <PageHeader
        title="Sagas"
        subtitle="Every multi-service workflow and its step journal; a failed compensation can be retried from its page. Follows the live event stream."
      />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, mb: 2 }}>
        <SelectField
          id="sagas-state"
          label="State"
          value={values.state}
          width={200}
          options={[['', 'Any state'], ...SAGA_STATES.map((s) => [s, stateLabel(s)] as const)]}
          onChange={(state) => set({ state })}
        />
        <TextField
          id="sagas-type"
          label="Type"
          placeholder="doctor-creation"
          value={values.type}
          onChange={(event) => set({ type: event.target.value })}
          sx={{ width: 200 }}
        />
        <TextField
          id="sagas-from"
          label="Started after"
          type="datetime-local"
          value={values.from}
          onChange={(event) => set({ from: event.target.value })}
        />
        <TextField
          id="sagas-to"
          label="Started before"
          type="datetime-local"
          value={values.to}
          onChange={(event) => set({ to: event.target.value })}
        />
      </Box>
      {sagas.error ? (
        <ErrorAlert error={sagas.error} onRetry={() => void sagas.refetch()} />
      ) : (
        <Paper>
          {!sagas.data ? (
            <Skeleton
              variant="rectangular"
              height={240}
              role="progressbar"
              aria-label="Loading sagas"
            />
          ) : sagas.data.data.length === 0 ? (
            <EmptyState title={filtered ? 'No saga matches these filters' : 'No sagas yet'}>
              {filtered
                ? 'Widen the time range or pick another state.'
                : 'A saga starts with each workflow across services, e.g. creating a doctor.'}
            </EmptyState>
          ) : (
            <>
              <SagasTable sagas={sagas.data.data} />
              <Pager
                meta={sagas.data.meta}
                onPage={(next) => set({ page: String(next) })}
                onLimit={(next) => set({ limit: String(next) })}
              />
            </>
          )}
        </Paper>
      )}
    </>
  );
}
