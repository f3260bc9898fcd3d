import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { HEALTH_REFRESH_MS, useHealth } from '../api/get-health';
import { Authorization } from '../../../lib/authorization';
import { HealthCard } from './health-card';
import { useDeadLetterLinks } from './service-dead-letters';

const GRID = {
  display: 'grid',
  gap: 1.5,
  gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
} as const;

const OVERALL_TEXT = {
  healthy: { severity: 'success', text: 'Every service and the infrastructure answer.' },
  degraded: { severity: 'warning', text: 'Something does not answer; the rest works.' },
  unhealthy: { severity: 'error', text: 'The system cannot serve requests.' },
} as const;

/** Every service and the infrastructure, refreshed by itself. */
export function HealthBoard() {
  const health = useHealth();
  const report = health.data;
  if (!report) {
    return (
      <Box sx={GRID} aria-busy="true" aria-label="Loading the health of the system">
        {Array.from({ length: 7 }, (_, i) => (
          <Skeleton key={i} variant="rounded" height={104} />
        ))}
      </Box>
    );
  }
  const overall = OVERALL_TEXT[report.overall];
  return (
    <Box>
      <Alert severity={overall.severity} sx={{ mb: 2 }}>
        <strong>System {report.overall}.</strong>{' '}
        {report.error ? `The gateway did not answer: ${report.error}` : overall.text}
      </Alert>
      <Typography variant="h2" sx={{ mb: 1 }}>
        Services
      </Typography>
      <Box sx={GRID}>
        <Authorization
          policy="dead-letters:view"
          fallback={Object.entries(report.services).map(([id, service]) => (
            <HealthCard key={id} id={id} {...service} />
          ))}
        >
          <StaffServiceCards services={report.services} />
        </Authorization>
      </Box>
      {report.infrastructure && (
        <>
          <Typography variant="h2" sx={{ mt: 3, mb: 1 }}>
            Infrastructure
          </Typography>
          <Box sx={GRID}>
            {Object.entries(report.infrastructure).map(([id, dependency]) => (
              <HealthCard key={id} id={id} {...dependency} />
            ))}
          </Box>
        </>
      )}
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 2 }}>
        Checked at{' '}
        <time dateTime={new Date(report.checkedAt).toISOString()}>
          {new Date(report.checkedAt).toLocaleTimeString()}
        </time>
        ; refreshes every {HEALTH_REFRESH_MS / 1_000} s.
      </Typography>
    </Box>
  );
}

/** The service cards with each service's dead-letter count linked (admin, main). */
function StaffServiceCards(props: {
  services: Record<string, { status: string; latencyMs?: number; error?: string }>;
}) {
  const deadLetters = useDeadLetterLinks();
  return Object.entries(props.services).map(([id, service]) => (
    <HealthCard key={id} id={id} {...service} footer={deadLetters(id)} />
  ));
}
