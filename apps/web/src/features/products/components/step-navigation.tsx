import Step from '@mui/material/Step';
import StepButton from '@mui/material/StepButton';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import { memo } from 'react';

export const STEPS = ['Product details', 'Audience target', 'Review and commit'] as const;

/**
 * The stepper's three step buttons. Memoized: only a step change or a newly completed step
 * re-renders them, not every reply the session gets.
 */
export const StepNavigation = memo(function StepNavigation(props: {
  step: number;
  productSaved: boolean;
  targetSaved: boolean;
  onSelect: (step: number) => void;
}) {
  const completed = [props.productSaved, props.targetSaved, false];
  return (
    <Stepper nonLinear activeStep={props.step} sx={{ mb: 3, flexWrap: 'wrap', rowGap: 1 }}>
      {STEPS.map((label, index) => (
        <Step key={label} completed={completed[index]}>
          <StepButton
            onClick={() => props.onSelect(index)}
            aria-current={props.step === index ? 'step' : undefined}
          >
            {/* the step's number is decoration: the button is named by its label alone */}
            <StepLabel slotProps={{ stepIcon: { 'aria-hidden': true } as object }}>
              {label}
            </StepLabel>
          </StepButton>
        </Step>
      ))}
    </Stepper>
  );
});
