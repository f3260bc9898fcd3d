import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** The ids of the three steps' headings (focused when a step opens). */
export const STEP_HEADINGS = [
  'step-product-heading',
  'step-target-heading',
  'step-review-heading',
] as const;

/** A step's heading; focusable, so that moving between steps lands on it. */
export function StepHeading({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Typography id={id} variant="h2" tabIndex={-1} sx={{ mb: 0.5, outline: 'none' }}>
      {children}
    </Typography>
  );
}
