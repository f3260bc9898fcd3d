import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { StateChip } from '../../../components/ui/state-chip';
import { PART_NAMES, STATUS_LABEL, STATUS_TONE } from './health-tones';

/** One service or piece of infrastructure: its state in words and colour, latency, error. */
export function HealthCard(props: {
  id: string;
  status: string;
  latencyMs?: number | undefined;
  error?: string | undefined;
  /** e.g. the link to the service's dead letters */
  footer?: React.ReactNode;
}) {
  const part = PART_NAMES[props.id] ?? { name: props.id, what: '' };
  const headingId = `health-${props.id}`;
  return (
    <Paper component="section" aria-labelledby={headingId} sx={{ p: 1.75 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 1 }}>
        <Typography id={headingId} variant="h3" component="h3">
          {part.name}
        </Typography>
        <StateChip
          label={STATUS_LABEL[props.status] ?? props.status}
          tone={STATUS_TONE[props.status] ?? 'neutral'}
        />
      </Box>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.25 }}>
        {part.what}
      </Typography>
      <Typography variant="body2" sx={{ mt: 1, fontVariantNumeric: 'tabular-nums' }}>
        {props.latencyMs !== undefined
          ? `Latency ${formatLatency(props.latencyMs)}`
          : props.status === 'up'
            ? 'Connection open'
            : 'No connection'}
      </Typography>
      {props.error && (
        <Typography variant="caption" color="error" component="p" sx={{ mt: 0.5 }}>
          {props.error}
        </Typography>
      )}
      {props.footer && <Box sx={{ mt: 0.75 }}>{props.footer}</Box>}
    </Paper>
  );
}

function formatLatency(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
