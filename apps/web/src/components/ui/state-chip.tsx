import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import type { Tone } from '../../lib/theme';

/** A state as a coloured chip that also says it in words (colour is never the only signal). */
export function StateChip({ label, tone, title }: { label: string; tone: Tone; title?: string }) {
  const { tones } = useTheme();
  const { bg, fg } = tones[tone];
  return (
    <Box
      component="span"
      title={title}
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 0.75,
        px: 1,
        py: 0.25,
        borderRadius: 999,
        bgcolor: bg,
        color: fg,
        fontSize: '0.75rem',
        fontWeight: 600,
        lineHeight: 1.5,
        whiteSpace: 'nowrap',
      }}
    >
      <Box
        component="span"
        aria-hidden
        sx={{ width: 6, height: 6, borderRadius: '50%', bgcolor: 'currentColor' }}
      />
      {label}
    </Box>
  );
}
