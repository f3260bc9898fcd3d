import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import type { AudienceTarget, ProductOptions } from '@medicalink/sdk';
import { memo } from 'react';
import { targetPreview } from '../lib/criteria';

/**
 * Who the target admits, as chips in a list: "2 Provinces" per restricting criterion (the
 * labels on hover; TargetDetails lists them), or "Open to all".
 */
export const TargetPreview = memo(function TargetPreview(props: {
  target: AudienceTarget | null | undefined;
  options: ProductOptions | undefined;
  label?: string;
}) {
  const items = targetPreview(props.target, props.options);
  return (
    <Box
      component="ul"
      aria-label={props.label ?? 'Target preview'}
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75, listStyle: 'none', p: 0, m: 0 }}
    >
      {items.map((item) => (
        <Box component="li" key={item.key} title={item.labels.join(', ') || undefined}>
          <Chip
            label={item.text}
            variant={item.key === 'open' ? 'outlined' : 'filled'}
            color={item.key === 'open' ? 'default' : 'primary'}
          />
        </Box>
      ))}
    </Box>
  );
});
