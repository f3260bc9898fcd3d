import Box from '@mui/material/Box';
import type { AudienceTarget, ProductOptions } from '@medicalink/sdk';
import { memo } from 'react';
import { CRITERIA } from '../lib/criteria';
import { CriterionField } from './criterion-field';

/**
 * The six audience criteria; a criterion left empty admits everyone. Memoized: showing the step,
 * or saving it, does not re-render its six Autocompletes.
 */
export const TargetFields = memo(function TargetFields(props: {
  target: AudienceTarget;
  onChange: (target: AudienceTarget) => void;
  options: ProductOptions | undefined;
  errors?: Record<string, string>;
}) {
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 2,
        gridTemplateColumns: { xs: '1fr', md: 'repeat(2, 1fr)' },
      }}
    >
      {CRITERIA.map((criterion) => (
        <CriterionField
          key={criterion.key}
          name={criterion.key}
          label={criterion.label}
          options={props.options?.[criterion.key]}
          value={props.target[criterion.key] ?? []}
          onChange={(values) => props.onChange({ ...props.target, [criterion.key]: values })}
          error={props.errors?.[criterion.key]}
        />
      ))}
    </Box>
  );
});
