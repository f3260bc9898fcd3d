import Paper from '@mui/material/Paper';
import type { AudienceTarget, OperationFailure, ProductSession } from '@medicalink/sdk';
import { useProductCreation } from '@medicalink/sdk/react';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useDelayedBusy } from '../../../lib/use-delayed-busy';
import { useStableCallback } from '../../../lib/use-stable-callback';
import { useProductOptions } from '../api/get-product-options';
import { completeTarget } from '../lib/criteria';
import { fieldErrorsOf, type FieldErrors } from '../../../lib/field-errors';
import {
  emptyProductForm,
  PRODUCT_FIELD_NAMES,
  toProductInput,
  type ProductField,
  type ProductFormValues,
} from '../lib/product-form';
import { ConfirmCommitDialog } from './confirm-commit-dialog';
import { ProductStep } from './product-step';
import { ReviewStep } from './review-step';
import { SessionHeader } from './session-header';
import { STEP_HEADINGS } from './step-heading';
import { StepNavigation } from './step-navigation';
import { TargetStep } from './target-step';

const NO_ERRORS: FieldErrors = { fields: {}, other: [] };

/**
 * The product creation session, step by step: product details, the optional audience target,
 * review and commit. A session opens on entry; every step is the gateway's to accept or
 * refuse, and its refusal is shown where it belongs (the field, the step).
 */
export function ProductStepper({ onCommitted }: { onCommitted: (productId: string) => void }) {
  const creation = useProductCreation();
  const options = useProductOptions();
  const [step, setStep] = useState(0);
  const [values, setValues] = useState<ProductFormValues>(() => emptyProductForm());
  const [target, setTarget] = useState<AudienceTarget>({});
  /** the session as the last accepted step left it: what a commit creates */
  const [staged, setStaged] = useState<ProductSession | null>(null);
  const [savedInput, setSavedInput] = useState<string | null>(null);
  const [productErrors, setProductErrors] = useState<FieldErrors>(NO_ERRORS);
  const [takenCode, setTakenCode] = useState<string | null>(null);
  const [targetFailure, setTargetFailure] = useState<OperationFailure | null>(null);
  const [commitFailure, setCommitFailure] = useState<OperationFailure | null>(null);
  const [confirming, setConfirming] = useState(false);
  const movedByUser = useRef(false);

  const { startSession } = creation;
  useEffect(() => {
    void startSession();
  }, [startSession]);

  // Keyboard and screen-reader users land on the new step's heading.
  useEffect(() => {
    if (movedByUser.current) document.getElementById(STEP_HEADINGS[step] ?? '')?.focus();
  }, [step]);

  const goTo = useCallback((next: number) => {
    movedByUser.current = true;
    setStep(next);
  }, []);
  // A step's save in flight, shown only when it is slow (a quick save renders nothing while its
  // request is on the wire). It clears in the render that handles the reply, so the step a save
  // opens is usable at once. The product step follows it a render late, so that the render
  // showing the next step stays small; the target and review steps only while on screen, so
  // that saving re-renders nothing hidden.
  const busy = useDelayedBusy();
  const saving = busy.shown;
  const productSaving = useDeferredValue(saving);
  // The hidden review follows a render later too.
  const stagedForReview = useDeferredValue(staged);

  // Keyed by session: a render still showing the old session cannot expire the new one.
  const [clockRanOutFor, setClockRanOutFor] = useState<string | null>(null);
  const clockExpired = creation.sessionId !== null && clockRanOutFor === creation.sessionId;
  const expired = creation.expired || clockExpired;
  const currentInput = useMemo(() => JSON.stringify(toProductInput(values)), [values]);
  const productDirty = savedInput !== null && savedInput !== currentInput;

  const changeField = useCallback(
    <K extends ProductField>(field: K, value: ProductFormValues[K]) => {
      setValues((current) => ({ ...current, [field]: value }));
      setProductErrors((current) => {
        if (!current.fields[field]) return current;
        const { [field]: _cleared, ...rest } = current.fields;
        return { ...current, fields: rest };
      });
      if (field === 'productCode') setTakenCode(null);
    },
    [],
  );

  const saveProduct = useStableCallback(async () => {
    if (!busy.begin()) return;
    const input = toProductInput(values);
    const result = await creation.addProduct(input);
    if (result.success) {
      // Shown in this task, not a scheduled one later: the next step appears with the reply.
      flushSync(() => {
        busy.end();
        setStaged(result.data);
        setSavedInput(JSON.stringify(input));
        setProductErrors(NO_ERRORS);
        setTakenCode(null);
        setTargetFailure(null); // a target refused for want of a product is no longer refused
        goTo(1);
      });
      return;
    }
    busy.end();
    setProductErrors(fieldErrorsOf(result, PRODUCT_FIELD_NAMES));
    setTakenCode(
      result.status === 409 && result.details?.['field'] === 'productCode'
        ? input.productCode
        : null,
    );
    focusFirstInvalid();
  });

  const saveTarget = useStableCallback(async () => {
    if (!busy.begin()) return;
    const result = await creation.configureTarget(completeTarget(target));
    busy.end();
    if (result.success) {
      setStaged(result.data);
      setTargetFailure(null);
      goTo(2);
    } else {
      setTargetFailure(result);
    }
  });

  const commit = useStableCallback(async () => {
    if (!busy.begin()) return;
    setCommitFailure(null);
    const result = await creation.commit();
    busy.end();
    setConfirming(false);
    if (result.success) {
      onCommitted(result.data.productGuid);
      return;
    }
    setCommitFailure(result);
    if (result.status === 409) {
      // The code was taken after the product was saved: it is the code's field that must change.
      setProductErrors({ fields: { productCode: result.error }, other: [] });
      setTakenCode(values.productCode.trim().toUpperCase());
    }
  });

  const restart = useStableCallback(async () => {
    const result = await creation.startSession();
    if (!result.success) return;
    setStaged(null);
    setSavedInput(null);
    setTargetFailure(null);
    setCommitFailure(null);
    goTo(0);
  });
  const onSave = useCallback(() => void saveProduct(), [saveProduct]);
  const onSaveTarget = useCallback(() => void saveTarget(), [saveTarget]);
  const onUseCode = useCallback((code: string) => changeField('productCode', code), [changeField]);
  const toProduct = useCallback(() => goTo(0), [goTo]);
  const toReview = useCallback(() => goTo(2), [goTo]);
  const openConfirm = useCallback(() => setConfirming(true), []);
  const closeConfirm = useCallback(() => setConfirming(false), []);
  const onRetry = useCallback(() => void commit(), [commit]);
  const onRestart = useCallback(() => void restart(), [restart]);
  const onExpire = useStableCallback(() => setClockRanOutFor(creation.sessionId));

  const percentage = creation.progress?.percentage ?? 25;
  const hasProduct = staged?.product != null;
  const hasTarget = staged?.audienceTarget != null;

  return (
    <Paper sx={{ p: { xs: 2, md: 3 } }}>
      <SessionHeader
        percentage={percentage}
        expiresAt={creation.expiresAt}
        expired={expired}
        onExpire={onExpire}
        onRestart={onRestart}
        restarting={expired && creation.busy}
      />
      <StepNavigation
        step={step}
        productSaved={hasProduct}
        targetSaved={hasTarget}
        onSelect={goTo}
      />
      {/* Every step stays mounted (hidden when not current): moving between them is instant. */}
      <div hidden={step !== 0}>
        <ProductStep
          values={values}
          onChange={changeField}
          options={options.data}
          errors={productErrors}
          takenCode={takenCode}
          onUseCode={onUseCode}
          onSave={onSave}
          saving={productSaving}
          disabled={expired || creation.sessionId === null}
          unsavedChanges={hasProduct && productDirty}
        />
      </div>
      <div hidden={step !== 1}>
        <TargetStep
          target={target}
          onChange={setTarget}
          options={options.data}
          failure={targetFailure}
          productSaved={hasProduct}
          onSave={onSaveTarget}
          onSkip={toReview}
          onGoToProduct={toProduct}
          saving={saving && step === 1}
          disabled={expired || creation.sessionId === null}
        />
      </div>
      <div hidden={step !== 2}>
        <ReviewStep
          staged={stagedForReview}
          options={options.data}
          productDirty={productDirty}
          failure={commitFailure}
          onCommit={openConfirm}
          onRetry={onRetry}
          onGoToProduct={toProduct}
          committing={saving && step === 2}
          disabled={expired || stagedForReview?.product == null}
        />
      </div>
      <ConfirmCommitDialog
        open={confirming}
        staged={stagedForReview}
        options={options.data}
        committing={confirming && creation.busy}
        onConfirm={onRetry}
        onCancel={closeConfirm}
      />
    </Paper>
  );
}

/** After a refused save, the first field the gateway named gets the focus. */
function focusFirstInvalid() {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
