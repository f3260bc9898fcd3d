import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { AudienceTarget, ProductOptions } from '@medicalink/sdk';
import { CRITERIA, labelOf } from '../lib/criteria';

/** Every criterion with the labels it admits, or "Everyone". */
export function TargetDetails(props: {
  target: AudienceTarget | null | undefined;
  options: ProductOptions | undefined;
}) {
  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', sm: 'minmax(160px, max-content) 1fr' },
        columnGap: 3,
        rowGap: 0.75,
        m: 0,
      }}
    >
      {CRITERIA.map(({ key, label }) => {
        const values = props.target?.[key];
        return (
          <Box key={key} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0 }}>
              {values && values.length > 0
                ? values.map((value) => labelOf(props.options, key, value)).join(', ')
                : 'Everyone'}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
