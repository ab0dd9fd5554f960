// Step navigation every wizard shares: where the wizard is in its step list, and the Back and Next buttons.
// A step's validation stops Next in one of two ways, chosen per wizard:
// - gated: Next stays disabled while the step is invalid (the step shows why, next to the field);
// - revealing: Next stays enabled; pressed on an invalid step it shows the step's errors and puts the
//   keyboard focus on the first invalid field, so a long form does not hide what is missing.
import type { WizardButton, WizardStepInfo } from './WizardDialog';

export interface WizardStep<S extends string> extends WizardStepInfo {
  id: S;
}

export interface WizardSteps<S extends string> {
  /** the step list for WizardDialog */
  steps: WizardStep<S>[];
  /** the current step, and its position in the list */
  step: S;
  index: number;
  goTo(step: S): void;
  goNext(): void;
  goBack(): void;
  /** Back: disabled on the first step and while `busy` (a request is under way) */
  back(busy?: boolean): WizardButton;
  /** Next that stays disabled while the step has an error */
  gatedNext(error: string | null): WizardButton;
  /** Next that, on an invalid step, calls `reveal` (show the errors) and focuses the first invalid field */
  revealingNext(invalid: boolean, reveal: () => void): WizardButton;
}

export function useWizardSteps<S extends string>(steps: readonly WizardStep<S>[], step: S, goTo: (step: S) => void): WizardSteps<S> {
  const index = steps.findIndex((s) => s.id === step);
  const goNext = () => goTo(steps[index + 1]!.id);
  const goBack = () => goTo(steps[index - 1]!.id);
  return {
    steps: [...steps],
    step,
    index,
    goTo,
    goNext,
    goBack,
    back: (busy = false) => ({ label: 'Back', disabled: index <= 0 || busy, onClick: goBack }),
    gatedNext: (error) => ({ label: 'Next', disabled: error !== null, onClick: goNext }),
    revealingNext: (invalid, reveal) => ({
      label: 'Next',
      onClick: () => {
        if (!invalid) return goNext();
        reveal();
        focusFirstInvalidField();
      },
    }),
  };
}

/** After the errors render (next frame), the first field marked invalid in the open dialog gets the focus. */
export function focusFirstInvalidField(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[role="dialog"] [aria-invalid="true"]')?.focus());
}
