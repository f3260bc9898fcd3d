import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { PERMISSION_LABELS, type Permission } from '@medicalink/sdk';
import { StateChip } from '../../../components/ui/state-chip';

/**
 * The account's permissions, read only: the gateway has no route that changes them (a doctor's
 * are given when the doctor is created); the privilege is what decides what staff may do.
 */
export function AccountPermissions({ permissions }: { permissions: string[] }) {
  return (
    <Box component="section" aria-labelledby="permissions-title" sx={{ mt: 2 }}>
      <Typography id="permissions-title" variant="h3" component="h3" sx={{ mb: 0.75 }}>
        Permissions
      </Typography>
      {permissions.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          None: what this account may do follows from its privilege.
        </Typography>
      ) : (
        <Box
          component="ul"
          aria-label="Permissions"
          sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75, m: 0, p: 0, listStyle: 'none' }}
        >
          {permissions.map((permission) => (
            <li key={permission}>
              <StateChip
                label={PERMISSION_LABELS[permission as Permission] ?? permission}
                tone="neutral"
                title={permission}
              />
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
}
