import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** The page's title (its one h1), a line under it, and its primary action on the right. */
export function PageHeader(props: {
  title: ReactNode;
  subtitle?: ReactNode;
  action?: ReactNode;
  before?: ReactNode;
}) {
  return (
    <Box
      component="header"
      sx={{
        display: 'flex',
        alignItems: { xs: 'flex-start', sm: 'center' },
        flexDirection: { xs: 'column', sm: 'row' },
        gap: 1.5,
        mb: 2.5,
      }}
    >
      <Box sx={{ flex: 1, minWidth: 0 }}>
        {props.before}
        <Typography variant="h1">{props.title}</Typography>
        {props.subtitle && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {props.subtitle}
          </Typography>
        )}
      </Box>
      {props.action}
    </Box>
  );
}
