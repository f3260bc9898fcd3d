import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { RegistrationAuditEntry } from '@medicalink/sdk';
import { useTheme } from '@mui/material/styles';
import { DateTime } from '../../../components/ui/date-time';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { StateChip } from '../../../components/ui/state-chip';
import type { Tone } from '../../../lib/theme';
import { useRegistrationAudit } from '../api/registrations';
import { auditActionLabel } from '../lib/audit-actions';
import { STATUS_LABELS } from '../lib/registration-steps';

const OUTCOME_TONES: Record<RegistrationAuditEntry['outcome'], Tone> = {
  succeeded: 'success',
  failed: 'error',
  refused: 'warning',
};

/** Every transition of the registration, oldest first, as a timeline. */
export function AuditTimeline({ sessionId }: { sessionId: string }) {
  // Read again with the registration after each step (same query key prefix).
  const audit = useRegistrationAudit(sessionId);
  const { tones } = useTheme();
  return (
    <Paper component="section" aria-labelledby="audit-title" sx={{ p: 2.5 }}>
      <Typography id="audit-title" variant="h2" sx={{ mb: 1.5 }}>
        Audit trail
      </Typography>
      {audit.error ? (
        <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />
      ) : !audit.data ? (
        <Skeleton variant="rounded" height={120} />
      ) : (
        <Box component="ol" aria-label="Audit trail" sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {audit.data.data.map((entry, index) => (
            <Box
              component="li"
              key={`${entry.at}-${index}`}
              sx={{ position: 'relative', pl: 3, pb: 1.75, '&:last-of-type': { pb: 0 } }}
            >
              <Box
                aria-hidden
                sx={{
                  position: 'absolute',
                  left: 5,
                  top: 6,
                  width: 10,
                  height: 10,
                  borderRadius: '50%',
                  bgcolor: tones[OUTCOME_TONES[entry.outcome]].fg,
                }}
              />
              {index < audit.data.data.length - 1 && (
                <Box
                  aria-hidden
                  sx={{
                    position: 'absolute',
                    left: 9,
                    top: 18,
                    bottom: 0,
                    width: 2,
                    bgcolor: 'divider',
                  }}
                />
              )}
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {auditActionLabel(entry)}
                </Typography>
                <StateChip label={entry.outcome} tone={OUTCOME_TONES[entry.outcome]} />
                <Typography variant="caption" color="text.secondary">
                  <DateTime value={entry.at} />
                </Typography>
              </Box>
              <Typography variant="caption" color="text.secondary" component="p">
                {entry.from ? `${STATUS_LABELS[entry.from]} → ` : ''}
                {STATUS_LABELS[entry.to]} · by {entry.byPrivilege}{' '}
                <Box component="span" sx={{ fontFamily: 'ui-monospace, monospace' }}>
                  {entry.by.slice(0, 8)}
                </Box>
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </Paper>
  );
}
