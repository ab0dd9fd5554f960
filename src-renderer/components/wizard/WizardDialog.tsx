// Modal multi-step wizard frame: step list on the left, the step on the right, Back/Next/Cancel below.
// Steps own their content and validation; this frame owns layout, focus and keyboard behaviour.
import { useEffect, useId, useRef, type ReactNode } from 'react';
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
  const headingId = useId();
  const currentIndex = props.steps.findIndex((st) => st.id === props.currentStep);

  useEffect(() => {
    // After the dialog's own initial focus settles, put screen-reader and keyboard users on the step heading.
    const frame = requestAnimationFrame(() => headingRef.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [props.currentStep, props.open]);

  return (
    <Dialog
      open={props.open}
      modalType="modal"
      onOpenChange={(_e, data) => {
        if (!data.open && props.cancel && !props.cancel.disabled) props.cancel.onClick();
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
                    {state === 'done' ? (
                      <CheckmarkCircle16Filled className={s.doneIcon} aria-label="completed" />
                    ) : state === 'current' ? (
                      <ChevronRight16Filled aria-hidden />
                    ) : (
                      <Circle16Regular aria-hidden />
                    )}
                    <Text>{step.label}</Text>
                  </li>
                );
              })}
            </ol>
            <section className={s.main} aria-labelledby={headingId}>
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
      </DialogSurface>
    </Dialog>
  );
}
