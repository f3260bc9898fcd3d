import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import type { ProductOptions } from '@medicalink/sdk';
import { memo } from 'react';
import { useFreeCodeSuggestion } from '../api/suggest-free-code';
import type { FieldErrors } from '../../../lib/field-errors';
import type { ProductField, ProductFormValues } from '../lib/product-form';
import { ProductFields } from './product-fields';
import { stepFormHandlers } from '../lib/step-form';
import { STEP_HEADINGS, StepHeading } from './step-heading';

/** Step 1: the product's fields, saved into the session by "Save product". */
export const ProductStep = memo(function ProductStep(props: {
  values: ProductFormValues;
  onChange: <K extends ProductField>(field: K, value: ProductFormValues[K]) => void;
  options: ProductOptions | undefined;
  errors: FieldErrors;
  takenCode: string | null;
  onUseCode: (code: string) => void;
  onSave: () => void;
  saving: boolean;
  disabled: boolean;
  /** the product was saved, and the form has changed since */
  unsavedChanges: boolean;
}) {
  const suggestion = useFreeCodeSuggestion(props.takenCode);
  const { onSubmit, onSaveClick } = stepFormHandlers(props.onSave);
  const codeHint =
    props.takenCode && suggestion.data ? (
      <Typography variant="caption" component="p" sx={{ mt: 0.5, ml: 0.25 }}>
        <Link
          component="button"
          type="button"
          underline="always"
          onClick={() => props.onUseCode(suggestion.data!)}
        >
          Use {suggestion.data}
        </Link>{' '}
        instead: no product has it.
      </Typography>
    ) : undefined;
  return (
    <Box component="form" onSubmit={onSubmit} noValidate aria-labelledby={STEP_HEADINGS[0]}>
      <StepHeading id={STEP_HEADINGS[0]}>Product details</StepHeading>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        The server checks every field when you save; nothing is created until you commit.
      </Typography>
      {props.errors.other.length > 0 && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {props.errors.other.join(' ')}
        </Alert>
      )}
      {props.unsavedChanges && (
        <Alert severity="info" sx={{ mb: 2 }}>
          You changed the product since you saved it. Save again to keep the changes.
        </Alert>
      )}
      <ProductFields
        values={props.values}
        onChange={props.onChange}
        options={props.options}
        errors={props.errors.fields}
        codeHint={codeHint}
      />
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 3 }}>
        <Button
          type="submit"
          variant="contained"
          onClick={onSaveClick}
          disabled={props.saving || props.disabled}
        >
          Save product
        </Button>
      </Box>
    </Box>
  );
});
