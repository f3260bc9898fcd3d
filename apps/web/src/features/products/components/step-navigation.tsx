import { styled } from '@mui/material/styles';
import { Fragment, memo } from 'react';

export const STEPS = ['Product details', 'Audience target', 'Review and commit'] as const;

/** Material's check-in-a-circle, as MUI's Stepper draws a completed step. */
const CHECK_CIRCLE =
  'M12 0a12 12 0 1 0 0 24 12 12 0 0 0 0-24zm-2 17l-5-5 1.4-1.4 3.6 3.6 7.6-7.6L19 8l-9 9z';

/**
 * Styled once for the whole row: the steps inside are plain elements whose look follows their
 * ARIA state, so a step change restyles nothing (MUI's Stepper re-ran the style engine for about
 * twenty components on every save, a tenth of the time from reply to next step).
 */
const StepRow = styled('div')(({ theme }) => ({
  display: 'flex',
  alignItems: 'center',
  flexWrap: 'wrap',
  rowGap: theme.spacing(2),
  marginBottom: theme.spacing(3),
  '& .step': {
    ...theme.typography.body2,
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    // a generous hit area that does not make the row taller
    padding: theme.spacing(1),
    margin: theme.spacing(-1, 0),
    border: 0,
    borderRadius: theme.shape.borderRadius,
    background: 'none',
    color: theme.palette.text.secondary,
    cursor: 'pointer',
    transition: theme.transitions.create(['color', 'background-color'], {
      duration: theme.transitions.duration.shortest,
    }),
  },
  '& .step:hover': { backgroundColor: theme.palette.action.hover },
  '& .step:focus-visible': {
    outline: `2px solid ${theme.palette.primary.main}`,
    outlineOffset: 2,
  },
  '& .step[aria-selected="true"], & .step.completed': {
    color: theme.palette.text.primary,
    fontWeight: 500,
  },
  '& .step-icon': { width: 24, height: 24, flex: 'none', fill: theme.palette.text.disabled },
  '& .step[aria-selected="true"] .step-icon, & .step.completed .step-icon': {
    fill: theme.palette.primary.main,
  },
  '& .step-icon text': {
    fill: theme.palette.primary.contrastText,
    fontSize: theme.typography.caption.fontSize,
    fontFamily: theme.typography.fontFamily,
  },
  '& .step-connector': {
    flex: '1 1 auto',
    minWidth: theme.spacing(2),
    borderTop: `1px solid ${theme.palette.mode === 'light' ? theme.palette.grey[400] : theme.palette.grey[600]}`,
  },
}));

function StepIcon({ number, completed }: { number: number; completed: boolean }) {
  return (
    <svg className="step-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {completed ? (
        <path d={CHECK_CIRCLE} />
      ) : (
        <>
          <circle cx="12" cy="12" r="12" />
          <text x="12" y="12" textAnchor="middle" dominantBaseline="central">
            {number}
          </text>
        </>
      )}
    </svg>
  );
}

/**
 * The stepper's three steps, as tabs (MUI's Stepper semantics: a tablist, the current step
 * selected and `aria-current`), each reachable by keyboard; a saved step shows a check.
 * Memoized: only a step change or a newly completed step re-renders them.
 */
export const StepNavigation = memo(function StepNavigation(props: {
  step: number;
  productSaved: boolean;
  targetSaved: boolean;
  onSelect: (step: number) => void;
}) {
  const completed = [props.productSaved, props.targetSaved, false];
  return (
    <StepRow role="tablist" aria-orientation="horizontal">
      {STEPS.map((label, index) => (
        <Fragment key={label}>
          {index > 0 && <span className="step-connector" aria-hidden="true" />}
          <button
            type="button"
            role="tab"
            className={completed[index] ? 'step completed' : 'step'}
            aria-selected={props.step === index}
            aria-current={props.step === index ? 'step' : undefined}
            aria-posinset={index + 1}
            aria-setsize={STEPS.length}
            onClick={() => props.onSelect(index)}
          >
            {/* the step's number is decoration: the button is named by its label alone */}
            <StepIcon number={index + 1} completed={completed[index] ?? false} />
            {label}
          </button>
        </Fragment>
      ))}
    </StepRow>
  );
});
