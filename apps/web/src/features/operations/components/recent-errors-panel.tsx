import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { DateTime } from '../../../components/ui/date-time';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { StateChip } from '../../../components/ui/state-chip';
import { ERROR_SERVICES, useServiceErrors } from '../api/service-errors';

/**
 * A service's last error log lines (kept in the service's memory, read through its health
 * pattern): the failures that never become dead letters, such as a request that failed inside
 * it, beside the messages that did.
 */
export function RecentErrorsPanel({ service }: { service: string }) {
  const recent = useServiceErrors(service);
  if (!ERROR_SERVICES.includes(service)) return null;
  const shown = recent.data?.errors.length ?? 0;
  return (
    <Paper
      component="section"
      id="recent-errors"
      aria-labelledby="recent-errors-title"
      sx={{ p: 2, mb: 2.5 }}
    >
      <Typography id="recent-errors-title" variant="h2" sx={{ mb: 1 }}>
        Recent errors of {service}
        {recent.data && (
          <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
            {recent.data.total === 0
              ? 'none since it started'
              : `the last ${shown} of ${recent.data.total} since it started`}
          </Typography>
        )}
      </Typography>
      {recent.error ? (
        <ErrorAlert error={recent.error} onRetry={() => void recent.refetch()} />
      ) : !recent.data ? (
        <Skeleton variant="rounded" height={60} />
      ) : shown === 0 ? (
        <Typography variant="body2" color="text.secondary">
          The service has logged no error since it started.
        </Typography>
      ) : (
        <Box component="ol" aria-label="Recent errors" sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {recent.data.errors.map((entry, index) => (
            <Box
              component="li"
              key={`${entry.at}-${index}`}
              sx={{ py: 0.75, borderTop: index === 0 ? 0 : 1, borderColor: 'divider' }}
            >
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
                <Typography variant="caption" color="text.secondary">
                  <DateTime value={entry.at} />
                </Typography>
                {entry.code && <StateChip label={entry.code} tone="error" />}
                {entry.pattern && (
                  <Typography variant="caption" sx={{ fontFamily: 'ui-monospace, monospace' }}>
                    {entry.pattern}
                  </Typography>
                )}
              </Box>
              <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                {entry.message}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </Paper>
  );
}
