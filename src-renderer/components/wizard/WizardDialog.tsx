// Modal multi-step wizard frame: step list on the left, the step on the right, Back/Next/Cancel below.
// Steps own their content and validation; this frame owns layout, focus and keyboard behaviour: focus on the step
// heading when the step changes (or on the first field when the wizard opens, so typing is not lost), Escape asks
// before it throws away what was entered, and an edit wizard's step list jumps to any step.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle16Filled, Circle16Regular, ChevronRight16Filled } from '@fluentui/react-icons';

export interface WizardStepInfo {
  id: string;
  label: string;
}

export interface WizardButton {
  label: string;
  disabled?: boolean;
  busy?: boolean;
  onClick(): void;
}

export interface WizardDialogProps {
  open: boolean;
  title: string;
  steps: WizardStepInfo[];
  currentStep: string;
  /** heading of the current step; receives focus whenever the step changes */
  heading: string;
  description?: ReactNode;
  children: ReactNode;
  back: WizardButton | null;
  next: WizardButton;
  cancel: WizardButton | null;
  /** where focus goes when the wizard opens: its first field (the admin can type at once) or the step heading */
  initialFocus?: 'heading' | 'first-field';
  /**
   * when set, Escape (or a click outside) asks this question before cancelling: the wizard holds input that would
   * be lost. The Cancel button itself cancels at once.
   */
  discardQuestion?: string | null;
  /** lets the admin jump to any step from the step list (edit wizards: every step is already filled in) */
  onStepSelect?(stepId: string): void;
}

/** Form fields a step starts with, in document order; the checked radio stands for its group. */
const FIELD_SELECTOR = [
  'input:not([type="hidden"]):not([disabled])',
  'textarea:not([disabled])',
  'select:not([disabled])',
  '[role="combobox"]:not([aria-disabled="true"])',
  '[role="tree"]',
].join(', ');

function firstField(root: HTMLElement | null): HTMLElement | null {
  const first = root?.querySelector<HTMLElement>(FIELD_SELECTOR) ?? null;
  if (first instanceof HTMLInputElement && first.type === 'radio' && !first.checked && first.name) {
    return root?.querySelector<HTMLElement>(`input[type="radio"][name="${CSS.escape(first.name)}"]:checked`) ?? first;
  }
  return first;
}

const useStyles = makeStyles({
  surface: { width: '960px', maxWidth: '96vw', padding: 0 },
  body: { display: 'flex', flexDirection: 'column', gap: 0, maxHeight: 'min(720px, 92vh)' },
  title: { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  content: { display: 'grid', gridTemplateColumns: '210px 1fr', minHeight: '460px', overflow: 'hidden', padding: 0 },
  steps: {
    margin: 0,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalM}`,
    listStyle: 'none',
    backgroundColor: tokens.colorNeutralBackground2,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  step: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground3,
  },
  stepDone: { color: tokens.colorNeutralForeground2 },
  stepCurrent: {
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1Selected,
    fontWeight: tokens.fontWeightSemibold,
  },
  doneIcon: { color: tokens.colorPaletteGreenForeground1 },
  // a step of an edit wizard: the whole row is a button, drawn like the plain row
  stepButton: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    width: '100%',
    padding: 0,
    border: 'none',
    background: 'none',
    color: 'inherit',
    font: 'inherit',
    textAlign: 'start',
    cursor: 'pointer',
    ':hover': { textDecorationLine: 'underline' },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px', borderRadius: tokens.borderRadiusSmall },
  },
  main: {
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    // The step scrolls as a whole; its parts must not be squeezed to fit.
    '& > *': { flexShrink: 0 },
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, outline: 'none' },
  description: { color: tokens.colorNeutralForeground3 },
  // Windows wizards keep Back / Next / Cancel on the right.
  actions: {
    display: 'flex',
    justifyContent: 'flex-end',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

export function WizardDialog(props: WizardDialogProps) {
  const s = useStyles();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const focusedOnce = useRef(false);
  const headingId = useId();
  const currentIndex = props.steps.findIndex((st) => st.id === props.currentStep);
  const [askingDiscard, setAskingDiscard] = useState(false);
  const { initialFocus = 'heading' } = props;

  useEffect(() => {
    // After the dialog's own initial focus settles: on opening, the first field if asked for (typing goes there);
    // on every other step, the heading, so screen-reader and keyboard users hear where they are.
    const frame = requestAnimationFrame(() => {
      const field = !focusedOnce.current && initialFocus === 'first-field' ? firstField(mainRef.current) : null;
      focusedOnce.current = true;
      (field ?? headingRef.current)?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [props.currentStep, props.open, initialFocus]);

  const cancel = props.cancel;
  return (
    <Dialog
      open={props.open}
      modalType="modal"
      onOpenChange={(_e, data) => {
        if (data.open || !cancel || cancel.disabled) return;
        if (props.discardQuestion) setAskingDiscard(true);
        else cancel.onClick();
      }}
    >
      <DialogSurface className={s.surface}>
        <DialogBody className={s.body}>
          <DialogTitle className={s.title}>{props.title}</DialogTitle>
          <DialogContent className={s.content}>
            <ol className={s.steps} aria-label="Wizard steps">
              {props.steps.map((step, i) => {
                const state = i < currentIndex ? 'done' : i === currentIndex ? 'current' : 'todo';
                return (
                  <li
                    key={step.id}
                    className={mergeClasses(s.step, state === 'done' && s.stepDone, state === 'current' && s.stepCurrent)}
                    aria-current={state === 'current' ? 'step' : undefined}
                  >
                    {props.onStepSelect && state !== 'current' ? (
                      <button type="button" className={s.stepButton} onClick={() => props.onStepSelect?.(step.id)}>
                        <StepIcon state={state} />
                        <Text>{step.label}</Text>
                      </button>
                    ) : (
                      <>
                        <StepIcon state={state} />
                        <Text>{step.label}</Text>
                      </>
                    )}
                  </li>
                );
              })}
            </ol>
            <section ref={mainRef} className={s.main} aria-labelledby={headingId}>
              {/* h3: the dialog title is the h2 */}
              <h3 id={headingId} ref={headingRef} tabIndex={-1} className={s.heading}>
                {props.heading}
              </h3>
              {props.description && <Text className={s.description}>{props.description}</Text>}
              {props.children}
            </section>
          </DialogContent>
          <DialogActions className={s.actions}>
            {props.back && (
              <Button onClick={props.back.onClick} disabled={props.back.disabled}>
                {props.back.label}
              </Button>
            )}
            <Button
              appearance="primary"
              onClick={props.next.onClick}
              disabled={props.next.disabled || props.next.busy}
              icon={props.next.busy ? <Spinner size="tiny" /> : undefined}
            >
              {props.next.label}
            </Button>
            {props.cancel && (
              <Button onClick={props.cancel.onClick} disabled={props.cancel.disabled}>
                {props.cancel.label}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
        {/* inside the wizard's surface: Fluent nests it, so its Escape closes only the question */}
        {askingDiscard && cancel && (
        <DiscardDialog
          question={props.discardQuestion ?? ''}
          onDiscard={() => {
            setAskingDiscard(false);
            cancel.onClick();
          }}
          onKeep={() => setAskingDiscard(false)}
        />
        )}
      </DialogSurface>
    </Dialog>
  );
}

function StepIcon({ state }: { state: 'done' | 'current' | 'todo' }) {
  const s = useStyles();
  if (state === 'done') return <CheckmarkCircle16Filled className={s.doneIcon} aria-label="completed" />;
  if (state === 'current') return <ChevronRight16Filled aria-hidden />;
  return <Circle16Regular aria-hidden />;
}

/** "Discard the new backup job?" — Escape here keeps editing. */
function DiscardDialog(props: { question: string; onDiscard(): void; onKeep(): void }) {
  return (
    <Dialog open modalType="alert" onOpenChange={(_e, d) => !d.open && props.onKeep()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Discard changes?</DialogTitle>
          <DialogContent>{props.question}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onDiscard}>
              Discard
            </Button>
            <Button onClick={props.onKeep}>Keep editing</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
