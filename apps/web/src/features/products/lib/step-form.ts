import type { FormEvent, MouseEvent } from 'react';

/**
 * A step form's save, run from its submit button's click (Enter in a field clicks that button
 * too) with the browser's own form submission prevented: Chrome's handling of a submission
 * (autofill reads every field) held the request back by about 1 ms, more on a busy machine.
 * The form's submit event still saves, should anything else submit it.
 */
export function stepFormHandlers(save: () => void) {
  return {
    onSubmit: (event: FormEvent) => {
      event.preventDefault();
      save();
    },
    onSaveClick: (event: MouseEvent) => {
      event.preventDefault();
      save();
    },
  };
}
