import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import type { AccessClaims } from '../../lib/auth';
import { useMe } from '../../features/auth/api/get-me';
import { signOut } from '../../features/auth/api/logout';
import { StateChip } from '../ui/state-chip';

/** Who is signed in, with which privilege, and the way out. */
export function AccountMenu({ claims }: { claims: AccessClaims }) {
  const me = useMe();
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
      <Box sx={{ textAlign: 'right', display: { xs: 'none', sm: 'block' }, minWidth: 0 }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }} noWrap>
          {me.data?.fullName ?? claims.email}
        </Typography>
        <Typography variant="caption" color="text.secondary" noWrap component="p">
          {claims.email}
        </Typography>
      </Box>
      <StateChip label={claims.privilege} tone="info" title="Privilege of this account" />
      <Button
        variant="outlined"
        size="small"
        startIcon={<LogoutOutlined fontSize="small" />}
        onClick={() => void signOut()}
      >
        Sign out
      </Button>
    </Box>
  );
}
