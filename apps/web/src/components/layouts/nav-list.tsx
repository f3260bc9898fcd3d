import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import { NavLink } from 'react-router';
import { can } from '../../lib/authorization';
import type { Privilege } from '@medicalink/sdk';
import { NAV_ITEMS } from './nav-items';

/** The navigation landmark: the pages this privilege may open. */
export function NavList({
  privilege,
  onNavigate,
}: {
  privilege: Privilege;
  onNavigate?: () => void;
}) {
  return (
    <nav aria-label="Main">
      <List dense sx={{ px: 1 }}>
        {NAV_ITEMS.filter((item) => can(privilege, item.policy)).map((item) => (
          <ListItem key={item.to} disablePadding>
            <ListItemButton
              component={NavLink}
              to={item.to}
              end={item.end}
              onClick={onNavigate}
              sx={{
                borderRadius: 1,
                mb: 0.25,
                '&.active': {
                  bgcolor: 'action.selected',
                  color: 'primary.main',
                  '& .MuiListItemIcon-root': { color: 'primary.main' },
                },
              }}
            >
              <ListItemIcon sx={{ minWidth: 34 }}>
                <item.icon fontSize="small" />
              </ListItemIcon>
              <ListItemText
                primary={item.label}
                slotProps={{ primary: { sx: { fontWeight: 500 } } }}
              />
            </ListItemButton>
          </ListItem>
        ))}
      </List>
    </nav>
  );
}
