import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import type { ProductOptions, ProductSession } from '@medicalink/sdk';
import { memo } from 'react';
import { labelOf } from '../lib/criteria';
import { TargetPreview } from './target-preview';

/** The last look before the product and its target are created together. */
export const ConfirmCommitDialog = memo(function ConfirmCommitDialog(props: {
  open: boolean;
  staged: ProductSession | null;
  options: ProductOptions | undefined;
  committing: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const product = props.staged?.product;
  return (
    <Dialog
      open={props.open}
      onClose={props.committing ? undefined : props.onCancel}
      aria-labelledby="confirm-commit-title"
      maxWidth="xs"
      fullWidth
    >
      <DialogTitle id="confirm-commit-title">Confirm product creation</DialogTitle>
      <DialogContent>
        {product && (
          <>
            <Typography variant="body2" sx={{ mb: 0.5 }}>
              <strong>{product.productName}</strong> ({product.productCode})
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
              {labelOf(props.options, 'category', product.productCategory)} ·{' '}
              {labelOf(props.options, 'status', product.productStatus)} ·{' '}
              {product.generalPrice.toFixed(2)}
            </Typography>
            <Typography variant="body2" sx={{ mb: 0.75 }}>
              Audience
            </Typography>
            <TargetPreview
              target={props.staged?.audienceTarget}
              options={props.options}
              label="Audience of the new product"
            />
          </>
        )}
        <Typography variant="body2" sx={{ mt: 2 }}>
          The product and its audience target are created together, and the product is live at once.
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel} disabled={props.committing}>
          Cancel
        </Button>
        <Button variant="contained" onClick={props.onConfirm} disabled={props.committing}>
          Create product
        </Button>
      </DialogActions>
    </Dialog>
  );
});
