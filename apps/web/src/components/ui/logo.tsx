import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/** The product's mark and name. */
export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <Box
        aria-hidden
        component="svg"
        viewBox="0 0 32 32"
        sx={{ width: compact ? 24 : 28, height: compact ? 24 : 28, flexShrink: 0 }}
      >
        <rect width="32" height="32" rx="7" fill="#0b6e8a" />
        <path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" fill="#fff" />
      </Box>
      <Typography
        component="span"
        sx={{ fontWeight: 700, fontSize: compact ? '0.95rem' : '1.05rem' }}
      >
        MedicaLink
        <Typography component="span" color="text.secondary" sx={{ fontWeight: 500, ml: 0.75 }}>
          console
        </Typography>
      </Typography>
    </Box>
  );
}
