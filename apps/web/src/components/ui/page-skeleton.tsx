import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';

/** The shape of a page while it loads, so nothing jumps when it arrives. */
export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <Box aria-busy="true" aria-label="Loading" role="status">
      <Skeleton variant="text" width={220} height={36} />
      <Skeleton variant="rounded" height={40} sx={{ my: 2 }} />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} variant="text" height={32} />
      ))}
    </Box>
  );
}
