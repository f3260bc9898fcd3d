import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { AudienceTarget, OperationFailure, ProductOptions } from '@medicalink/sdk';
import { memo, useMemo, type MouseEvent } from 'react';
import { stepFormHandlers } from '../lib/step-form';
import { STEP_HEADINGS, StepHeading } from './step-heading';
import { TargetFields } from './target-fields';
import { TargetPreview } from './target-preview';

/**
 * Step 2 (optional): who may see the product. Reachable at once; the server wants a product first.
 * Its parts are memoized apart: saving the product changes only the notice that asks for one.
 */
export const TargetStep = memo(function TargetStep(props: {
  target: AudienceTarget;
  onChange: (target: AudienceTarget) => void;
  options: ProductOptions | undefined;
  failure: OperationFailure | null;
  productSaved: boolean;
  onSave: () => void;
  onSkip: () => void;
  onGoToProduct: () => void;
  saving: boolean;
  disabled: boolean;
}) {
  const { onSubmit, onSaveClick } = useMemo(() => stepFormHandlers(props.onSave), [props.onSave]);
  return (
    <Box component="form" onSubmit={onSubmit} noValidate aria-labelledby={STEP_HEADINGS[1]}>
      <TargetIntro />
      {!props.productSaved && <ProductFirstNotice onGoToProduct={props.onGoToProduct} />}
      {props.failure && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {props.failure.error}
        </Alert>
      )}
      <TargetFields target={props.target} onChange={props.onChange} options={props.options} />
      <TargetPreviewSection target={props.target} options={props.options} />
      <TargetActions
        onSkip={props.onSkip}
        onSaveClick={onSaveClick}
        saving={props.saving}
        disabled={props.disabled}
      />
    </Box>
  );
});

const TargetIntro = memo(function TargetIntro() {
  return (
    <>
      <StepHeading id={STEP_HEADINGS[1]}>Audience target</StepHeading>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Optional. Choose who may see the product; a criterion left empty admits everyone.
      </Typography>
    </>
  );
});

function ProductFirstNotice({ onGoToProduct }: { onGoToProduct: () => void }) {
  return (
    <Alert
      severity="info"
      sx={{ mb: 2 }}
      action={
        <Button color="inherit" size="small" onClick={onGoToProduct}>
          Product details
        </Button>
      }
    >
      You can prepare the target now, but the server accepts it only once the product is saved.
    </Alert>
  );
}

const TargetPreviewSection = memo(function TargetPreviewSection(props: {
  target: AudienceTarget;
  options: ProductOptions | undefined;
}) {
  return (
    <Box sx={{ mt: 2.5 }}>
      <Typography variant="subtitle2" component="h3" sx={{ mb: 1 }}>
        Preview
      </Typography>
      <TargetPreview target={props.target} options={props.options} />
    </Box>
  );
});

const TargetActions = memo(function TargetActions(props: {
  onSkip: () => void;
  onSaveClick: (event: MouseEvent) => void;
  saving: boolean;
  disabled: boolean;
}) {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, mt: 3 }}>
      <Button onClick={props.onSkip} disabled={props.saving}>
        Skip target
      </Button>
      <Button
        type="submit"
        variant="contained"
        onClick={props.onSaveClick}
        disabled={props.saving || props.disabled}
      >
        Save target
      </Button>
    </Box>
  );
});
