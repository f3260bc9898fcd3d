import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import MenuOutlined from '@mui/icons-material/MenuOutlined';
import { useState } from 'react';
import { Outlet } from 'react-router';
import { useAuth } from '../../lib/auth';
import { Logo } from '../ui/logo';
import { AccountMenu } from './account-menu';
import { NavList } from './nav-list';

const DRAWER_WIDTH = 220;

/** The signed-in frame: top bar with the account, navigation drawer, the page. */
export function AppShell() {
  const auth = useAuth();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const [open, setOpen] = useState(false);
  if (auth.status !== 'signed-in') return null;
  const { claims } = auth;

  return (
    <Box sx={{ display: 'flex', minHeight: '100dvh' }}>
      <AppBar position="fixed" component="header" sx={{ zIndex: theme.zIndex.drawer + 1 }}>
        <Toolbar variant="dense" sx={{ gap: 1, minHeight: 52 }}>
          {!wide && (
            <IconButton edge="start" aria-label="Open navigation" onClick={() => setOpen(true)}>
              <MenuOutlined />
            </IconButton>
          )}
          <Logo compact />
          <Box sx={{ flex: 1 }} />
          <AccountMenu claims={claims} />
        </Toolbar>
      </AppBar>
      <Drawer
        variant={wide ? 'permanent' : 'temporary'}
        open={wide || open}
        onClose={() => setOpen(false)}
        sx={{
          width: wide ? DRAWER_WIDTH : undefined,
          flexShrink: 0,
          '& .MuiDrawer-paper': {
            width: DRAWER_WIDTH,
            boxSizing: 'border-box',
            // In the page's flow, the drawer is as tall as the page (a fixed paper ends with
            // the first screen in a full-page capture); the links stick under the top bar.
            ...(wide && { position: 'relative', height: '100%' }),
          },
        }}
      >
        <Toolbar variant="dense" sx={{ minHeight: 52 }} />
        <Box sx={{ pt: 1, position: 'sticky', top: 52 }}>
          <NavList privilege={claims.privilege} onNavigate={() => setOpen(false)} />
        </Box>
      </Drawer>
      <Box
        component="main"
        sx={{ flex: 1, minWidth: 0, px: { xs: 2, md: 3 }, pt: 'calc(52px + 20px)', pb: 4 }}
      >
        <Outlet />
      </Box>
    </Box>
  );
}
