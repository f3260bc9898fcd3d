import { memo } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { OperationFailure, ProductOptions, ProductSession } from '@medicalink/sdk';
import { describeProduct } from '../lib/product-form';
import { STEP_HEADINGS, StepHeading } from './step-heading';
import { TargetDetails } from './target-details';
import { TargetPreview } from './target-preview';

/** Step 3: what the session holds (the server's copy), and the commit. */
export const ReviewStep = memo(function ReviewStep(props: {
  staged: ProductSession | null;
  options: ProductOptions | undefined;
  productDirty: boolean;
  failure: OperationFailure | null;
  onCommit: () => void;
  onRetry: () => void;
  onGoToProduct: () => void;
  committing: boolean;
  disabled: boolean;
}) {
  const product = props.staged?.product;
  const errors = props.failure?.details?.['errors'];
  return (
    <Box component="section" aria-labelledby={STEP_HEADINGS[2]}>
      <StepHeading id={STEP_HEADINGS[2]}>Review and commit</StepHeading>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        This is what the session holds. Commit creates the product and its target together.
      </Typography>
      {props.failure && (
        <Alert
          severity="error"
          role="alert"
          sx={{ mb: 2 }}
          action={
            props.failure.status === 409 ? (
              <Button color="inherit" size="small" onClick={props.onGoToProduct}>
                Change the code
              </Button>
            ) : (
              <Button
                color="inherit"
                size="small"
                onClick={props.onRetry}
                disabled={props.committing}
              >
                Retry commit
              </Button>
            )
          }
        >
          <AlertTitle>The commit failed; nothing was created</AlertTitle>
          {Array.isArray(errors) && errors.length > 0
            ? errors.map(String).join(' ')
            : props.failure.error}
        </Alert>
      )}
      {!product ? (
        <Alert
          severity="info"
          action={
            <Button color="inherit" size="small" onClick={props.onGoToProduct}>
              Product details
            </Button>
          }
        >
          Save the product first: there is nothing to commit yet.
        </Alert>
      ) : (
        <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: '3fr 2fr' } }}>
          <Box component="section" aria-labelledby="review-product">
            <Typography id="review-product" variant="h3" sx={{ mb: 1 }}>
              Product
            </Typography>
            {props.productDirty && (
              <Alert severity="warning" sx={{ mb: 1.5 }}>
                The form has changes you did not save; the commit uses the saved product below.
              </Alert>
            )}
            <Box
              component="dl"
              sx={{
                display: 'grid',
                gridTemplateColumns: 'max-content 1fr',
                columnGap: 3,
                rowGap: 0.5,
                m: 0,
              }}
            >
              {describeProduct(product, props.options).map(({ label, value }) => (
                <Box key={label} sx={{ display: 'contents' }}>
                  <Typography component="dt" variant="body2" color="text.secondary">
                    {label}
                  </Typography>
                  <Typography
                    component="dd"
                    variant="body2"
                    sx={{ m: 0, overflowWrap: 'anywhere' }}
                  >
                    {value}
                  </Typography>
                </Box>
              ))}
            </Box>
          </Box>
          <Box component="section" aria-labelledby="review-target">
            <Typography id="review-target" variant="h3" sx={{ mb: 1 }}>
              Audience target
            </Typography>
            <Box sx={{ mb: 1.5 }}>
              <TargetPreview target={props.staged?.audienceTarget} options={props.options} />
            </Box>
            <TargetDetails target={props.staged?.audienceTarget} options={props.options} />
          </Box>
        </Box>
      )}
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 3 }}>
        <Button
          variant="contained"
          onClick={props.onCommit}
          disabled={props.disabled || props.committing}
        >
          Commit
        </Button>
      </Box>
    </Box>
  );
});
