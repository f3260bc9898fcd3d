import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { DeadLetter } from '@medicalink/sdk';
import { DateTime } from '../../../components/ui/date-time';
import { DetailList } from '../../../components/ui/detail-list';
import { StateChip } from '../../../components/ui/state-chip';

/** One dead letter: what it was, why it failed, when, how often, and its payload. */
export function DeadLetterCard(props: { letter: DeadLetter; onReplay: () => void; busy: boolean }) {
  const { letter } = props;
  const preview =
    letter.body === null
      ? 'The payload is not shown (the page has shown enough payloads).'
      : JSON.stringify(letter.body, null, 2);
  return (
    <Paper component="li" aria-label={letter.id} sx={{ p: 2, listStyle: 'none' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 1 }}>
        <Typography
          variant="body2"
          sx={{ fontWeight: 600, fontFamily: 'ui-monospace, monospace', flex: 1 }}
        >
          {letter.pattern ?? 'unknown pattern'}
        </Typography>
        {letter.errorCode && <StateChip label={letter.errorCode} tone="error" />}
        <Button size="small" variant="outlined" onClick={props.onReplay} disabled={props.busy}>
          Replay
        </Button>
      </Box>
      <DetailList
        rows={[
          ['Error', letter.errorMessage ?? '—'],
          ['First failure', <DateTime value={letter.failedAt} />],
          ['Attempts', letter.attempts ?? '—'],
          ['Message id', letter.id],
          ['Back to queue', letter.queue],
          ...(letter.headers['x-replayed-by']
            ? ([['Replayed by', letter.headers['x-replayed-by']]] as const)
            : []),
        ]}
      />
      <Box
        component="pre"
        aria-label={`Payload of ${letter.id}`}
        sx={{
          mt: 1.5,
          mb: 0,
          p: 1.25,
          borderRadius: 1,
          bgcolor: 'action.hover',
          fontSize: '0.75rem',
          maxHeight: 160,
          overflow: 'auto',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
        }}
      >
        {preview}
        {letter.bodyTruncated ? `\n… (${letter.bodyBytes} bytes in all)` : ''}
      </Box>
    </Paper>
  );
}
