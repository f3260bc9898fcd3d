import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import BoltOutlined from '@mui/icons-material/BoltOutlined';
import SyncOutlined from '@mui/icons-material/SyncOutlined';
import type { CacheMetadata } from '@medicalink/sdk';

/** Discreetly: whether the read came from the orchestrator's cache, and for how long it holds. */
export function CacheNote({ cache }: { cache: CacheMetadata | undefined }) {
  if (!cache) return null;
  const Icon = cache.hit ? BoltOutlined : SyncOutlined;
  const text = cache.degraded
    ? 'Read without the cache (cache unavailable)'
    : cache.hit
      ? `From the cache · refreshes within ${cache.ttl} s`
      : 'Read fresh from the services';
  return (
    <Box sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, color: 'text.secondary' }}>
      <Icon sx={{ fontSize: 14 }} aria-hidden />
      <Typography variant="caption">{text}</Typography>
    </Box>
  );
}
